// Risk: a stick label or bundle field keeps a character that makes it read differently from
// what it is (bidi overrides and isolates, invisible format characters, line breaks) or loses
// characters that are harmless, when displayString() prepares it for a message or the UI.
#include "base/hostilestring.h"

#include <QTest>

using namespace seesaw;

class TestText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void unsafeBecomesReplacement_data()
    {
        QTest::addColumn<char32_t>("c");
        const auto row = [](const char *name, char32_t c) { QTest::newRow(name) << c; };
        row("NUL", 0x0000);
        row("ESC", 0x001b);
        row("DEL", 0x007f);
        row("C1 CSI", 0x009b);
        row("LRE", 0x202a);
        row("RLE", 0x202b);
        row("PDF", 0x202c);
        row("LRO", 0x202d);
        row("RLO", 0x202e);
        row("LRI", 0x2066);
        row("RLI", 0x2067);
        row("FSI", 0x2068);
        row("PDI", 0x2069);
        row("LRM", 0x200e);
        row("RLM", 0x200f);
        row("ALM", 0x061c);
        row("zero width space", 0x200b);
        row("word joiner", 0x2060);
        row("BOM", 0xfeff);
        row("line separator", 0x2028);
        row("paragraph separator", 0x2029);
        row("interlinear annotation", 0xfff9);
        row("tag character", 0xe0041);
        row("noncharacter FFFE", 0xfffe);
        row("noncharacter FDD0", 0xfdd0);
        row("noncharacter 1FFFF", 0x1ffff);
    }
    void unsafeBecomesReplacement()
    {
        QFETCH(char32_t, c);
        // Not QString::fromUcs4(): it drops a leading U+FEFF as a byte order mark.
        const auto chars = QChar::fromUcs4(c);
        const QString in =
            QStringLiteral("a") + QStringView(chars).toString() + QStringLiteral("b");
        QCOMPARE(displayString(in), QStringLiteral("a\uFFFDb"));
    }

    void loneSurrogateBecomesReplacement()
    {
        QString in = QStringLiteral("ab");
        in.insert(1, QChar(0xd800));
        QCOMPARE(displayString(in), QStringLiteral("a\uFFFDb"));
    }

    void safeTextUnchanged_data()
    {
        QTest::addColumn<QString>("text");
        // Markup and %N are not this helper's business: QML shows them as plain text and
        // messages fill them in with one multi-argument arg().
        QTest::newRow("markup and placeholders") << QStringLiteral("%1 %2 <b>&#x202e;");
        QTest::newRow("umlauts") << QStringLiteral("Grüße");
        QTest::newRow("CJK") << QStringLiteral("更新");
        QTest::newRow("Arabic") << QStringLiteral("تحديث");
        QTest::newRow("emoji (surrogate pair)") << QStringLiteral("stick \U0001F4BE");
    }
    void safeTextUnchanged()
    {
        QFETCH(QString, text);
        QCOMPARE(displayString(text), text);
    }

    void lengthIsBoundedInCharacters()
    {
        QCOMPARE(displayString(QString(100, QLatin1Char('x')), 10),
                 QString(10, QLatin1Char('x')) + QChar(0x2026));
        // A surrogate pair counts once and is never cut in half.
        const QString emoji = QStringLiteral("\U0001F4BE").repeated(5);
        QCOMPARE(displayString(emoji, 3), QStringLiteral("\U0001F4BE").repeated(3) + QChar(0x2026));
        QCOMPARE(displayBytes(QByteArray(1000, 'y'), 5), QStringLiteral("yyyyy\u2026"));
    }
};

QTEST_GUILESS_MAIN(TestText)
#include "tst_text.moc"
