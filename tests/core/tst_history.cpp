// Risk: the history stops being evidence: an edited, removed or reordered entry goes unnoticed,
// or a write torn by a power cut corrupts the chain or blocks later entries.
#include "base/hostilestring.h"
#include "state/history.h"
#include "state/statestore.h"
#include "testutil.h"
#include "trust/crypto.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace seesaw;
using testutil::s;

namespace {

QJsonObject detailsFor(int i)
{
    return QJsonObject{{s("version"), QString(s("1.0.") + QString::number(i))},
                       {s("slot"), s("A")}};
}

// n entries "installed" with version 1.0.<i>; their hashes, oldest first.
QList<QByteArray> fill(History &history, int n, qsizetype padding = 0)
{
    QList<QByteArray> hashes;
    for (int i = 1; i <= n; ++i) {
        QJsonObject details = detailsFor(i);
        if (padding > 0) {
            details.insert(s("notes"), QString(padding, QChar(u'a' + i % 26)));
        }
        const Result<History::Appended> appended = history.append(s("installed"), details);
        if (!appended) {
            qFatal("append failed: %s", qPrintable(appended.error().message));
        }
        hashes.append(appended->hash);
    }
    return hashes;
}

QList<QByteArray> linesOf(const QString &path)
{
    QList<QByteArray> lines = testutil::readFile(path).split('\n');
    lines.removeLast(); // after the final newline
    return lines;
}

bool writeLines(const QString &path, const QList<QByteArray> &lines)
{
    QByteArray text;
    for (const QByteArray &line : lines) {
        text += line + '\n';
    }
    return testutil::writeFile(path, text);
}

// Entries as read(limit) returns them; none when the history cannot be read.
QList<HistoryEntry> entriesOf(const History &history, qsizetype limit = 0)
{
    const Result<QList<HistoryEntry>> entries = history.read(limit);
    return entries ? *entries : QList<HistoryEntry>();
}

bool appendBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::Append) && f.write(bytes) == bytes.size();
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_path;

private Q_SLOTS:
    void init();
    void appendAndRead();
    void readLimit_data();
    void readLimit();
    void missingFile();
    void eventNames_data();
    void eventNames();
    void lineBound();
    void verifyIntact();
    void verifyDetects_data();
    void verifyDetects();
    void verifyAcceptsEntriesAfterHead();
    void tornLastLine_data();
    void tornLastLine();
    void tornTailTooLongIsKept();
    void unreadableLastEntryRefused();
};

void TestHistory::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    m_path = m_tmp->filePath(s("history.jsonl"));
}

void TestHistory::appendAndRead()
{
    History history(m_path);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const QStringList events = {s("install-started"), s("installed"), s("committed")};
    QList<History::Appended> appended;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const Result<History::Appended> a = history.append(events[i], detailsFor(int(i)));
        QVERIFY2(a.ok(), a.ok() ? "" : qPrintable(a.error().message));
        appended.append(*a);
    }
    const QDateTime after = QDateTime::currentDateTimeUtc();

    const QList<QByteArray> lines = linesOf(m_path);
    QCOMPARE(lines.size(), qsizetype(3));
    const QRegularExpression shape(QRegularExpression::anchoredPattern(s(
        R"re(\{"seq":(\d+),"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","event":"([a-z-]+)",)re"
        R"re("details":\{"slot":"A","version":"1\.0\.\d"\},"prev":"([0-9a-f]{64})?"\})re")));
    for (qsizetype i = 0; i < 3; ++i) {
        const QRegularExpressionMatch m = shape.match(QString::fromUtf8(lines[i]));
        QVERIFY2(m.hasMatch(), lines[i].constData());
        QCOMPARE(m.captured(1).toULongLong(), quint64(i + 1));
        QCOMPARE(m.captured(2), events[i]);
        QCOMPARE(m.captured(3), i == 0 ? QString() : toHex(Sha256::hash(lines[i - 1])));
        QCOMPARE(appended[i].seq, quint64(i + 1));
        QCOMPARE(appended[i].hash, Sha256::hash(lines[i]));
    }

    const Result<QList<HistoryEntry>> entries = history.read();
    QVERIFY(entries.ok());
    QCOMPARE(entries->size(), qsizetype(3));
    for (qsizetype i = 0; i < 3; ++i) {
        const HistoryEntry &e = entries->at(i);
        QCOMPARE(e.seq, quint64(i + 1));
        QCOMPARE(e.event, events[i]);
        QCOMPARE(e.details, detailsFor(int(i)));
        QCOMPARE(e.prev, i == 0 ? QByteArray() : appended[i - 1].hash);
        QCOMPARE(e.time.timeSpec(), Qt::UTC);
        QVERIFY(e.time >= before && e.time <= after);
    }
    QVERIFY(history.verify(3, appended.last().hash).ok());

    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(m_path).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 07777), 0600);
}

void TestHistory::readLimit_data()
{
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("padding"); // bytes of filler per entry
    QTest::addColumn<int>("firstSeq");

    QTest::newRow("all") << 5 << 0 << 0 << 1;
    QTest::newRow("newest one") << 5 << 1 << 0 << 5;
    QTest::newRow("newest two") << 5 << 2 << 0 << 4;
    QTest::newRow("limit equals count") << 5 << 5 << 0 << 1;
    QTest::newRow("limit above count") << 5 << 50 << 0 << 1;
    QTest::newRow("entries larger than a read block, newest three") << 8 << 3 << 40000 << 6;
    QTest::newRow("entries larger than a read block, all") << 8 << 0 << 40000 << 1;
    QTest::newRow("many entries, newest ten") << 600 << 10 << 0 << 591;
}

void TestHistory::readLimit()
{
    QFETCH(int, total);
    QFETCH(int, limit);
    QFETCH(int, padding);
    QFETCH(int, firstSeq);

    History history(m_path);
    fill(history, total, padding);
    const Result<QList<HistoryEntry>> entries = history.read(limit);
    QVERIFY2(entries.ok(), entries.ok() ? "" : qPrintable(entries.error().message));
    QCOMPARE(entries->size(), qsizetype(total - firstSeq + 1));
    const QList<QByteArray> lines = linesOf(m_path);
    for (qsizetype i = 0; i < entries->size(); ++i) {
        const HistoryEntry &e = entries->at(i);
        const qsizetype line = firstSeq - 1 + i;
        QCOMPARE(e.seq, quint64(line + 1));
        QCOMPARE(e.details.value(s("version")).toString(), s("1.0.") + QString::number(line + 1));
        QCOMPARE(e.prev, line == 0 ? QByteArray() : Sha256::hash(lines[line - 1]));
    }
}

void TestHistory::missingFile()
{
    History history(m_path);
    const Result<QList<HistoryEntry>> all = history.read();
    QVERIFY(all.ok());
    QVERIFY(all->isEmpty());
    QVERIFY(history.read(3).ok());
    QVERIFY(history.verify().ok());
    const Status missing = history.verify(2, QByteArray(32, 'x'));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, s("history.tampered"));
    QVERIFY(!QFile::exists(m_path));
}

void TestHistory::eventNames_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("word") << s("booted") << true;
    QTest::newRow("hyphenated") << s("health-failed") << true;
    QTest::newRow("digits") << s("retry-2") << true;
    QTest::newRow("64 characters") << QString(64, u'x') << true;
    QTest::newRow("65 characters") << QString(65, u'x') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("upper case") << s("Installed") << false;
    QTest::newRow("space") << s("marked good") << false;
    QTest::newRow("newline") << s("installed\n{\"seq\":99}") << false;
    QTest::newRow("leading hyphen") << s("-installed") << false;
    QTest::newRow("non-ASCII") << s("installé") << false;
}

void TestHistory::eventNames()
{
    QFETCH(QString, event);
    QFETCH(bool, accepted);

    History history(m_path);
    fill(history, 1);
    const QByteArray before = testutil::readFile(m_path);
    const Result<History::Appended> appended = history.append(event, {});
    QCOMPARE(appended.ok(), accepted);
    if (accepted) {
        QCOMPARE(entriesOf(history, 1).value(0).event, event);
    } else {
        QCOMPARE(appended.error().code, s("history.invalid"));
        QCOMPARE(testutil::readFile(m_path), before);
    }
    QVERIFY(history.verify().ok());
}

void TestHistory::lineBound()
{
    History history(m_path);
    fill(history, 1);
    const QByteArray before = testutil::readFile(m_path);
    const Result<History::Appended> tooLong =
        history.append(s("health"), {{s("message"), QString(qsizetype(64) * 1024, u'm')}});
    QVERIFY(!tooLong.ok());
    QCOMPARE(tooLong.error().code, s("history.invalid"));
    QCOMPARE(testutil::readFile(m_path), before);

    // Just under the bound: written, read back and chained like any other line.
    const QJsonObject large{{s("message"), QString(qsizetype(64) * 1024 - 200, u'm')}};
    const Result<History::Appended> fits = history.append(s("health"), large);
    QVERIFY2(fits.ok(), fits.ok() ? "" : qPrintable(fits.error().message));
    QVERIFY(linesOf(m_path).last().size() <= qsizetype(64) * 1024);
    QCOMPARE(entriesOf(history, 1).value(0).details, large);
    QVERIFY(history.append(s("booted"), {}).ok());
    QVERIFY(history.verify(2, fits->hash).ok());
}

void TestHistory::verifyIntact()
{
    History history(m_path);
    const QList<QByteArray> hashes = fill(history, 5);
    QVERIFY(history.verify().ok());
    QVERIFY(history.verify(5).ok());
    const Status full = history.verify(5, hashes[4]);
    QVERIFY2(full.ok(), full.ok() ? "" : qPrintable(full.error().message));
}

enum class Tamper {
    EditByte,
    Swap,
    RemoveMiddle,
    RemoveFirst,
    ChangeSeq,
    Unparseable,
    EmptyLineInserted,
    RemoveLast,
    RemoveLastTwo,
    ReplaceLast,
    RemoveAll,
};

void TestHistory::verifyDetects_data()
{
    QTest::addColumn<int>("tamper");
    QTest::addColumn<bool>("onlyAgainstState"); // invisible without state.json's count and head
    QTest::addColumn<QString>("message");

    const auto row = [](const char *name, Tamper t, bool onlyAgainstState, const char *message) {
        QTest::newRow(name) << int(t) << onlyAgainstState << s(message);
    };
    row("one byte of an old entry edited", Tamper::EditByte, false,
        "line 3 does not match the hash of line 2");
    row("two entries swapped", Tamper::Swap, false, "line 2 has sequence number 3");
    row("middle entry removed", Tamper::RemoveMiddle, false, "line 3 has sequence number 4");
    row("first entry removed", Tamper::RemoveFirst, false, "line 1 has sequence number 2");
    row("sequence number changed", Tamper::ChangeSeq, false, "line 4 has sequence number 7");
    row("unparseable line", Tamper::Unparseable, false, "line 2 is not a valid entry");
    row("empty line inserted", Tamper::EmptyLineInserted, false, "line 3 is not a valid entry");
    row("last entry removed", Tamper::RemoveLast, true,
        "ends after line 4, but state.json records 5 entries");
    row("last two entries removed", Tamper::RemoveLastTwo, true,
        "ends after line 3, but state.json records 5 entries");
    row("last entry replaced", Tamper::ReplaceLast, true,
        "line 5 is not the entry state.json recorded");
    row("whole history emptied", Tamper::RemoveAll, true,
        "ends after line 0, but state.json records 5 entries");
}

void TestHistory::verifyDetects()
{
    QFETCH(int, tamper);
    QFETCH(bool, onlyAgainstState);
    QFETCH(QString, message);

    History history(m_path);
    const QList<QByteArray> hashes = fill(history, 5);
    QList<QByteArray> lines = linesOf(m_path);
    switch (Tamper(tamper)) {
    case Tamper::EditByte:
        QVERIFY(lines[1].contains("\"1.0.2\""));
        lines[1].replace("\"1.0.2\"", "\"1.0.9\"");
        break;
    case Tamper::Swap:
        lines.swapItemsAt(1, 2);
        break;
    case Tamper::RemoveMiddle:
        lines.removeAt(2);
        break;
    case Tamper::RemoveFirst:
        lines.removeFirst();
        break;
    case Tamper::ChangeSeq:
        QVERIFY(lines[3].startsWith("{\"seq\":4,"));
        lines[3].replace("{\"seq\":4,", "{\"seq\":7,");
        break;
    case Tamper::Unparseable:
        lines[1] = "garbage";
        break;
    case Tamper::EmptyLineInserted:
        lines.insert(2, QByteArray());
        break;
    case Tamper::RemoveLast:
        lines.removeLast();
        break;
    case Tamper::RemoveLastTwo:
        lines.resize(3);
        break;
    case Tamper::ReplaceLast:
        lines.removeLast();
        break;
    case Tamper::RemoveAll:
        lines.clear();
        break;
    }
    QVERIFY(writeLines(m_path, lines));
    if (Tamper(tamper) == Tamper::ReplaceLast) {
        QVERIFY(history.append(s("marked-good"), {}).ok());
    }

    const Status checked = history.verify(5, hashes[4]);
    QVERIFY(!checked.ok());
    QCOMPARE(checked.error().code, s("history.tampered"));
    QVERIFY2(checked.error().message.contains(message, Qt::CaseInsensitive),
             qPrintable(checked.error().message));
    QCOMPARE(history.verify().ok(), onlyAgainstState);
}

void TestHistory::verifyAcceptsEntriesAfterHead()
{
    // A crash between the append and the state.json write leaves the state one entry behind.
    History history(m_path);
    const QList<QByteArray> hashes = fill(history, 4);
    const Result<History::Appended> extra = history.append(s("booted"), {});
    QVERIFY(extra.ok());
    const Status behind = history.verify(4, hashes[3]);
    QVERIFY2(behind.ok(), behind.ok() ? "" : qPrintable(behind.error().message));
    QVERIFY(history.verify(5, extra->hash).ok());
    // But not when the entry at the recorded position is a different one.
    QVERIFY(!history.verify(4, hashes[2]).ok());
}

void TestHistory::tornLastLine_data()
{
    QTest::addColumn<int>("complete");    // entries before the torn one
    QTest::addColumn<int>("tornPercent"); // of a real line, written without its newline
    QTest::addColumn<bool>("zeros");      // the torn bytes read back as zeros

    QTest::newRow("first bytes of a line") << 3 << 5 << false;
    QTest::newRow("half a line") << 3 << 50 << false;
    QTest::newRow("whole line without its newline") << 3 << 100 << false;
    QTest::newRow("zeros where the line should be") << 3 << 100 << true;
    QTest::newRow("torn first line") << 0 << 50 << false;
}

void TestHistory::tornLastLine()
{
    QFETCH(int, complete);
    QFETCH(int, tornPercent);
    QFETCH(bool, zeros);

    // The line the interrupted append was writing.
    const QString other = m_tmp->filePath(s("other.jsonl"));
    History otherHistory(other);
    fill(otherHistory, complete + 1);
    const QByteArray interrupted = linesOf(other).last();
    QByteArray torn = interrupted.left(interrupted.size() * tornPercent / 100);
    if (zeros) {
        torn.fill('\0');
    }

    History history(m_path);
    const QList<QByteArray> hashes = fill(history, complete);
    QVERIFY(appendBytes(m_path, torn));
    const QByteArray intact = testutil::readFile(m_path).chopped(torn.size());

    // Reading and checking skip the torn line: a power cut is not tampering.
    QVERIFY(history.read().ok() && history.read(2).ok());
    QCOMPARE(entriesOf(history).size(), qsizetype(complete));
    QCOMPARE(entriesOf(history, 2).size(), qsizetype(std::min(complete, 2)));
    const Status before =
        complete != 0 ? history.verify(quint64(complete), hashes.last()) : history.verify();
    QVERIFY2(before.ok(), before.ok() ? "" : qPrintable(before.error().message));

    const Result<History::Appended> repaired = history.append(s("booted"), {{s("slot"), s("B")}});
    QVERIFY2(repaired.ok(), repaired.ok() ? "" : qPrintable(repaired.error().message));
    QCOMPARE(repaired->seq, quint64(complete + 1));
    const QByteArray after = testutil::readFile(m_path);
    QCOMPARE(after, intact + linesOf(m_path).last() + '\n'); // the torn bytes are gone
    const HistoryEntry last = entriesOf(history, 1).value(0);
    QCOMPARE(last.event, s("booted"));
    QCOMPARE(last.details, (QJsonObject{{s("slot"), s("B")}, {s("repaired"), true}}));
    QCOMPARE(last.prev, complete ? hashes.last() : QByteArray());
    QVERIFY(history.verify(quint64(complete + 1), repaired->hash).ok());

    // Only the entry that did the repair says so.
    QVERIFY(history.append(s("health"), {}).ok());
    const HistoryEntry next = entriesOf(history, 1).value(0);
    QCOMPARE(next.event, s("health"));
    QVERIFY(!next.details.contains(s("repaired")));
    QVERIFY(history.verify().ok());
}

void TestHistory::tornTailTooLongIsKept()
{
    // More than one line's worth without a newline was not left by a torn append: keep it.
    History history(m_path);
    fill(history, 2);
    QVERIFY(appendBytes(m_path, QByteArray(70000, 'x')));
    const QByteArray before = testutil::readFile(m_path);
    const Result<History::Appended> appended = history.append(s("booted"), {});
    QVERIFY(!appended.ok());
    QCOMPARE(appended.error().code, s("history.tampered"));
    QCOMPARE(testutil::readFile(m_path), before);
    QCOMPARE(history.verify().error().code, s("history.tampered"));
    QVERIFY(!history.read().ok());
}

void TestHistory::unreadableLastEntryRefused()
{
    History history(m_path);
    fill(history, 2);
    QVERIFY(appendBytes(m_path, "{\"seq\":3}\n"));
    const QByteArray before = testutil::readFile(m_path);
    const Result<History::Appended> appended = history.append(s("booted"), {});
    QVERIFY(!appended.ok());
    QCOMPARE(appended.error().code, s("history.tampered"));
    QVERIFY(appended.error().message.contains(s("last entry")));
    QCOMPARE(testutil::readFile(m_path), before);
}

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
