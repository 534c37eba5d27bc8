// Risk: on the 800×480 panel a word is broken across two lines ("reboo" / "t.") in some language:
// a Text that wraps anywhere, or one that falls back to breaking inside a word that does not fit.
// Every page of qml/ (tests/app/wordwrap.qml puts each in the states that show its longest
// texts, dialogs open), in every language, with the compiled translations: each line of every
// visible text item must start where Unicode allows a line break (after a space or a hyphen,
// between CJK characters), and the longest translations of each language must have been shown.
#include "historymodel.h"
#include "language.h"
#include "maplistmodel.h"

#include <QDateTime>
#include <QFile>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QRegularExpression>
#include <QTest>
#include <QTextBoundaryFinder>
#include <QTextLayout>
#include <QXmlStreamReader>
#include <QtQml/QQmlExtensionPlugin>
#include <algorithm>
#include <iterator>

Q_IMPORT_QML_PLUGIN(SeesawPlugin)

namespace {

constexpr int PlainText = 0;       // Text.PlainText
constexpr int NativeRendering = 1; // Text.NativeRendering

// One line of a text item, as QQuickText lays it out.
struct Line {
    int start = 0;
    qreal width = 0; // natural width: more than the item's means it runs out of the item
};

// The lines of a plain-text item, laid out as QQuickText lays it out: the same text (newlines as
// line separators), font, wrap mode, metrics, width and line limit.
QList<Line> layOut(const QQuickItem *item, const QString &text, qreal *available)
{
    QTextLayout layout(text, item->property("font").value<QFont>());
    QTextOption option;
    option.setWrapMode(QTextOption::WrapMode(item->property("wrapMode").toInt()));
    option.setUseDesignMetrics(item->property("renderType").toInt() != NativeRendering);
    layout.setTextOption(option);
    *available = item->width() - item->property("leftPadding").toReal() -
                 item->property("rightPadding").toReal();
    const int maxLines = item->property("maximumLineCount").toInt();
    QList<Line> lines;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(*available);
        lines.append({line.textStart(), line.naturalTextWidth()});
        if (lines.size() >= maxLines) {
            break;
        }
    }
    layout.endLayout();
    return lines;
}

// What is wrong with how `item` breaks its lines: a word split ("…reboo|t.…"), a word too long
// for a wrapping item's width (elided or cut off instead), or a layout that differs from the
// item's own (then this test would check something else than what is shown).
QStringList lineProblems(const QQuickItem *item)
{
    QString text = item->property("text").toString();
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    qreal available = 0;
    const QList<Line> lines = layOut(item, text, &available);
    QStringList problems;
    if (lines.size() != item->property("lineCount").toInt()) {
        problems.append(QStringLiteral("laid out in %1 lines here, %2 by the item: %3")
                            .arg(lines.size())
                            .arg(item->property("lineCount").toInt())
                            .arg(text.left(40)));
    }
    const bool wraps = item->property("wrapMode").toInt() != QTextOption::NoWrap;
    QTextBoundaryFinder breaks(QTextBoundaryFinder::Line, text);
    for (const Line &line : lines) {
        if (wraps && line.width > available + 0.5) {
            problems.append(QStringLiteral("a word wider than the line, cut off: %1")
                                .arg(text.mid(line.start, 40)));
        }
        if (line.start == 0 || text.at(line.start - 1) == QChar::LineSeparator) {
            continue;
        }
        breaks.setPosition(line.start);
        if (!breaks.isAtBoundary()) {
            problems.append(QStringLiteral("word split: …%1|%2…")
                                .arg(text.mid(line.start - 12, 12), text.mid(line.start, 12)));
        }
    }
    return problems;
}

void collectTexts(QQuickItem *item, QList<QQuickItem *> *texts)
{
    // Depth first with an explicit stack; children go on in reverse so they are visited in order.
    QList<QQuickItem *> pending{item};
    while (!pending.isEmpty()) {
        QQuickItem *next = pending.takeLast();
        if (!next->isVisible()) {
            continue;
        }
        if (next->inherits("QQuickText") && next->property("textFormat").toInt() == PlainText &&
            next->width() > 0) {
            texts->append(next);
        }
        const QList<QQuickItem *> children = next->childItems();
        std::copy(children.crbegin(), children.crend(), std::back_inserter(pending));
    }
}

// Where an item sits: its objectName or that of the nearest named ancestor.
QString describe(const QQuickItem *item)
{
    for (const QQuickItem *i = item; i != nullptr; i = i->parentItem()) {
        if (!i->objectName().isEmpty()) {
            return i == item ? i->objectName() : QStringLiteral("inside ") + i->objectName();
        }
    }
    return QString::fromLatin1(item->metaObject()->className());
}

// The `count` longest translations of `language` from translations/*.ts ("en": the source
// texts), each as its longest run without a placeholder: what the pages must have shown.
QStringList longestTranslations(const QString &language, int count)
{
    const QString file = language == QLatin1String("en") ? QStringLiteral("de") : language;
    QFile ts(QStringLiteral(SEESAW_SOURCE_DIR "/translations/seesaw_%1.ts").arg(file));
    if (!ts.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QString wanted =
        language == QLatin1String("en") ? QStringLiteral("source") : QStringLiteral("translation");
    QStringList all;
    QXmlStreamReader xml(&ts);
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == wanted) {
            all.append(xml.readElementText(QXmlStreamReader::IncludeChildElements));
        }
    }
    std::sort(all.begin(), all.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    QStringList runs;
    static const QRegularExpression placeholder(QStringLiteral("%\\d+"));
    for (const QString &text : all.mid(0, count)) {
        QStringList parts = text.split(placeholder);
        std::sort(parts.begin(), parts.end(),
                  [](const QString &a, const QString &b) { return a.size() > b.size(); });
        runs.append(parts.value(0).trimmed());
    }
    return runs;
}

QVariantMap historyRow(quint64 seq, const QString &event, const QVariantMap &details)
{
    return {{QStringLiteral("seq"), seq},
            {QStringLiteral("time"), QDateTime(QDate(2026, 11, 20), QTime(8, 30), Qt::UTC)},
            {QStringLiteral("event"), event},
            {QStringLiteral("summary"), HistoryModel::summary(event, details)},
            {QStringLiteral("details"), details}};
}

} // namespace

class TestWordWrap : public QObject {
    Q_OBJECT

    std::unique_ptr<QQuickView> m_view;
    QObject *m_root = nullptr;

    // The HistoryModel's lines in the current language.
    void fillHistory()
    {
        auto *history = m_root->findChild<MapListModel *>(QStringLiteral("history"));
        QVERIFY(history);
        const auto s = [](const char *text) { return QString::fromLatin1(text); };
        history->setRows(
            {historyRow(
                 4, s("rolled-back"),
                 {{s("version"), s("2.1.0")}, {s("to"), s("A")}, {s("reason"), s("health")}}),
             historyRow(
                 3, s("health"),
                 {{s("slot"), s("B")},
                  {s("failure"), s("script 20-app-responds exited with status 1 after 30 s")}}),
             historyRow(2, s("marked-good"), {{s("slot"), s("A")}, {s("by"), s("health")}}),
             historyRow(1, s("keys-rotated"), {{s("added"), 2}, {s("revoked"), QVariantList{1}}})});
    }

private Q_SLOTS:
    void initTestCase()
    {
        qmlRegisterType<MapListModel>("SeesawTest", 1, 0, "MapListModel");
        m_view = std::make_unique<QQuickView>();
        m_view->engine()->addImportPath(QStringLiteral("qrc:/qt/qml"));
        Language::instance()->setEngine(m_view->engine());
        m_view->setSource(
            QUrl::fromLocalFile(QStringLiteral(SEESAW_SOURCE_DIR "/tests/app/wordwrap.qml")));
        QVERIFY2(m_view->status() == QQuickView::Ready,
                 qPrintable(m_view->errors().value(0).toString()));
        m_root = m_view->rootObject();
        m_view->resize(800, 480);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanupTestCase()
    {
        Language::instance()->setLanguage(QStringLiteral("en"));
        m_view.reset();
    }

    void everyPageEveryLanguage_data()
    {
        QTest::addColumn<QString>("language");
        for (const char *code : {"en", "de", "fr", "es", "zh_CN"}) {
            QTest::newRow(code) << QString::fromLatin1(code);
        }
    }

    void everyPageEveryLanguage()
    {
        QFETCH(QString, language);
        // The pages and their doubles must work as in the app: no script errors.
        QTest::failOnWarning(
            QRegularExpression(QStringLiteral("TypeError|ReferenceError|Binding loop")));
        QVERIFY(Language::instance()->setLanguage(language));
        fillHistory();
        QMap<QString, QStringList> problems; // problem → the states it shows in
        QString shown;                       // every text checked, for the coverage below
        const QStringList states = m_root->property("states").toStringList();
        QVERIFY(states.size() > 30);
        for (const QString &state : states) {
            QVariant page;
            QVERIFY(QMetaObject::invokeMethod(m_root, "show", Q_RETURN_ARG(QVariant, page),
                                              Q_ARG(QVariant, state)));
            QVERIFY2(page.value<QQuickItem *>(), qPrintable(state));
            // Layouts settle over a couple of polish passes; dialogs open.
            QTest::qWait(state.endsWith(QLatin1String("dialog")) ? 60 : 1);
            (void)m_view->grabWindow();
            (void)m_view->grabWindow();
            QList<QQuickItem *> texts;
            collectTexts(m_view->contentItem(), &texts);
            for (const QQuickItem *text : std::as_const(texts)) {
                shown += text->property("text").toString() + QLatin1Char('\n');
                for (const QString &problem : lineProblems(text)) {
                    problems[describe(text) + QStringLiteral(", ") + problem].append(state);
                }
            }
        }
        QStringList report;
        for (auto it = problems.cbegin(); it != problems.cend(); ++it) {
            report.append(it.key() + QStringLiteral(" (") + it.value().join(QStringLiteral(", ")) +
                          QLatin1Char(')'));
        }
        QVERIFY2(report.isEmpty(), qPrintable(report.join(QLatin1Char('\n'))));
        for (const QString &run : longestTranslations(language, 8)) {
            QVERIFY2(shown.contains(run), qPrintable(QStringLiteral("never shown: ") + run));
        }
    }
};

QTEST_MAIN(TestWordWrap)
#include "tst_wordwrap.moc"
