// Risk: a crash or corrupt file loses, half-writes or silently resets what the device knows about
// its slots and pending update, or leaves the state readable by other users.
#include "state/history.h"
#include "state/statestore.h"
#include "testutil.h"

#include <QDir>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace seesaw;
using testutil::s;

namespace {

QByteArray hashOf(char fill)
{
    return {32, fill};
}

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(s(iso), Qt::ISODateWithMs);
}

DeviceState fullState()
{
    DeviceState state;
    SlotRecord a;
    a.status = SlotRecord::Status::Good;
    a.version = s("2.4.1-rc.1+build.7");
    a.manifestHash = hashOf('\x01');
    a.imageSha256 = hashOf('\xfe');
    a.bundleCompatible = s("acme-gateway-v2");
    a.installedAt = utc("2026-03-01T12:34:56.789Z");
    a.imageSize = 4294967296ULL + 5; // over 4 GiB
    a.bootedGood = true;
    SlotRecord b;
    b.status = SlotRecord::Status::Installing;
    b.version = s("2.5.0");
    b.manifestHash = hashOf('\x7f');
    b.imageSha256 = hashOf('\x80');
    b.bundleCompatible = s("acme-gateway-v2");
    // Given with an offset: stored as the same instant in UTC.
    b.installedAt = QDateTime::fromString(s("2026-03-02T08:00:00.001+02:00"), Qt::ISODateWithMs);
    state.slots.insert(s("A"), a);
    state.slots.insert(s("B"), b);
    state.pending = PendingTransaction{PendingTransaction::Kind::Rollback,
                                       s("0b7e8a52-1f0c-4d7a-9a57-3c8e8f9b2d11"),
                                       s("A"),
                                       s("B"),
                                       s("2.4.1-rc.1+build.7"),
                                       s("2.5.0"),
                                       hashOf('\x7f'),
                                       utc("2026-03-02T06:00:01.500Z"),
                                       s("5f0c1f6e-0c47-4e1e-8f54-2b9d4f8a3c10")};
    state.inProgress = InstallInProgress{s("0b7e8a52-1f0c-4d7a-9a57-3c8e8f9b2d12"), s("A"),
                                         s("2.6.0"), s("9a6e0d52-7c1b-4e55-a1f0-1d2c3b4a5f60"),
                                         utc("2026-03-03T06:00:00.000Z")};
    state.lastResult.outcome = LastResult::Outcome::HealthFailed;
    state.lastResult.transactionId = s("0b7e8a52-1f0c-4d7a-9a57-3c8e8f9b2d10");
    state.lastResult.version = s("2.4.9");
    state.lastResult.code = s("health.timeout");
    state.lastResult.message = s("Dienst \"gateway\" antwortete nicht \\ ✓ 応答なし\n2. Zeile");
    state.lastResult.at = utc("2026-02-28T23:59:59.999Z");
    state.lastResult.acknowledged = true;
    state.lastResult.detail = s("script 20-app failed: exit code 3");
    state.historyCount = 9007199254740992ULL; // 2^53, the largest count JSON holds exactly
    state.historyHead = hashOf('\x55');
    return state;
}

DeviceState otherState(int n)
{
    DeviceState state = fullState();
    state.slots[s("B")].version = QString::number(n);
    state.historyCount = quint64(n) + 1;
    return state;
}

int modeOf(const QString &path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

QByteArray mutate(const QByteArray &text, const QByteArray &from, const QByteArray &to)
{
    if (!text.contains(from)) {
        qFatal("test state does not contain %s", from.constData());
    }
    return QByteArray(text).replace(from, to);
}

// Restores the umask when a test ends, also on a failed check.
class UmaskGuard {
public:
    explicit UmaskGuard(mode_t mask) : m_old(::umask(mask)) {}
    ~UmaskGuard() { ::umask(m_old); }
    UmaskGuard(const UmaskGuard &) = delete;
    UmaskGuard &operator=(const UmaskGuard &) = delete;

private:
    mode_t m_old;
};

} // namespace

class TestStateStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripEveryField();
    void defaultStateRoundTrip();
    void stateWithoutLaterFieldsLoads();
    void enumNames_data();
    void enumNames();
    void missingFileIsDefault();
    void corruptIsError_data();
    void corruptIsError();
    void stateIsNotAFile();
    void unsavableRefused_data();
    void unsavableRefused();
    void crashLeftovers_data();
    void crashLeftovers();
    void failedSaveKeepsPrevious();
    void killedMidSave();
    void permissions_data();
    void permissions();
};

void TestStateStore::roundTripEveryField()
{
    QTemporaryDir tmp;
    StateStore store(tmp.path());
    const DeviceState state = fullState();
    const Status saved = store.save(state);
    QVERIFY2(saved.ok(), saved.ok() ? "" : qPrintable(saved.error().message));

    const Result<DeviceState> loaded = store.load();
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
    QVERIFY(*loaded == state);
    // QDateTime's == compares instants; the stored form is UTC with milliseconds.
    QCOMPARE(loaded->slots.value(s("B")).installedAt.timeSpec(), Qt::UTC);
    QCOMPARE(loaded->slots.value(s("B")).installedAt.toString(Qt::ISODateWithMs),
             s("2026-03-02T06:00:00.001Z"));
    QCOMPARE(loaded->lastResult.at.toString(Qt::ISODateWithMs), s("2026-02-28T23:59:59.999Z"));
    QCOMPARE(loaded->lastResult.message, state.lastResult.message);
    QCOMPARE(loaded->historyCount, 9007199254740992ULL);

    const QByteArray bytes = testutil::readFile(store.statePath());
    // Raw strings stay out of QVERIFY's arguments: moc's preprocessor cannot read them there.
    const QByteArray head =
        R"({"format":1,"slots":{"A":{"status":"good","version":"2.4.1-rc.1+build.7","manifest_sha256":"0101)";
    QVERIFY(bytes.startsWith(head));
    for (const char *part :
         {R"("installed_at":"2026-03-02T06:00:00.001Z","image_size":0,"booted_good":false})",
          R"("image_size":4294967301,"booted_good":true})",
          R"(,"pending":{"kind":"rollback","id":"0b7e8a52-1f0c-4d7a-9a57-3c8e8f9b2d11",)",
          R"(,"in_progress":{"transaction_id":"0b7e8a52-1f0c-4d7a-9a57-3c8e8f9b2d12",)",
          R"("outcome":"health-failed")"}) {
        QVERIFY2(bytes.contains(part), part);
    }
    const QByteArray tail =
        R"("history":{"count":9007199254740992,"head":"5555555555555555555555555555555555555555555555555555555555555555"}})";
    QVERIFY(bytes.endsWith(tail));
    QVERIFY(!bytes.contains('\n'));

    // Saving what was loaded writes the same bytes.
    QVERIFY(store.save(*loaded).ok());
    QCOMPARE(testutil::readFile(store.statePath()), bytes);
}

void TestStateStore::defaultStateRoundTrip()
{
    QTemporaryDir tmp;
    StateStore store(tmp.path());
    QVERIFY(store.save(DeviceState{}).ok());
    const QByteArray expected =
        R"({"format":1,"slots":{},"last_result":{"outcome":"none",)"
        R"("transaction_id":"","version":"","code":"","message":"","at":"",)"
        R"("acknowledged":false,"detail":""},"history":{"count":0,"head":""}})";
    QCOMPARE(testutil::readFile(store.statePath()), expected);
    const Result<DeviceState> loaded = store.load();
    QVERIFY(loaded.ok());
    QVERIFY(*loaded == DeviceState{});
    QVERIFY(!loaded->pending);
    QVERIFY(!loaded->lastResult.at.isValid());
}

// state.json as written before image_size, booted_good, kind, boot_id and detail existed.
void TestStateStore::stateWithoutLaterFieldsLoads()
{
    QTemporaryDir tmp;
    StateStore store(tmp.path());
    DeviceState state = fullState();
    state.inProgress.reset();
    QVERIFY(store.save(state).ok());
    QByteArray text = testutil::readFile(store.statePath());
    for (const char *field :
         {R"(,"image_size":4294967301)", R"(,"image_size":0)", R"(,"booted_good":true)",
          R"(,"booted_good":false)", R"("kind":"rollback",)",
          R"(,"detail":"script 20-app failed: exit code 3")",
          R"(,"boot_id":"5f0c1f6e-0c47-4e1e-8f54-2b9d4f8a3c10")"}) {
        QVERIFY2(text.contains(field), field);
        text.replace(field, "");
    }
    QVERIFY(testutil::writeFile(store.statePath(), text));
    const Result<DeviceState> loaded = store.load();
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
    QCOMPARE(loaded->slots.value(s("A")).imageSize, quint64(0));
    QCOMPARE(loaded->slots.value(s("A")).bootedGood, false);
    QCOMPARE(loaded->pending->kind, PendingTransaction::Kind::Install);
    QVERIFY(loaded->pending->bootId.isEmpty());
    QVERIFY(loaded->lastResult.detail.isEmpty());
    QCOMPARE(loaded->lastResult.message, state.lastResult.message);
}

void TestStateStore::enumNames_data()
{
    QTest::addColumn<bool>("isOutcome");
    QTest::addColumn<int>("value");
    QTest::addColumn<QByteArray>("written");

    using St = SlotRecord::Status;
    using Out = LastResult::Outcome;
    QTest::newRow("unknown") << false << int(St::Unknown) << QByteArray(R"("status":"unknown")");
    QTest::newRow("installing") << false << int(St::Installing)
                                << QByteArray(R"("status":"installing")");
    QTest::newRow("installed") << false << int(St::Installed)
                               << QByteArray(R"("status":"installed")");
    QTest::newRow("good") << false << int(St::Good) << QByteArray(R"("status":"good")");
    QTest::newRow("bad") << false << int(St::Bad) << QByteArray(R"("status":"bad")");
    QTest::newRow("none") << true << int(Out::None) << QByteArray(R"("outcome":"none")");
    QTest::newRow("outcome installed")
        << true << int(Out::Installed) << QByteArray(R"("outcome":"installed")");
    QTest::newRow("failed") << true << int(Out::Failed) << QByteArray(R"("outcome":"failed")");
    QTest::newRow("outcome good") << true << int(Out::Good) << QByteArray(R"("outcome":"good")");
    QTest::newRow("health-failed")
        << true << int(Out::HealthFailed) << QByteArray(R"("outcome":"health-failed")");
    QTest::newRow("rolled-back") << true << int(Out::RolledBack)
                                 << QByteArray(R"("outcome":"rolled-back")");
    QTest::newRow("boot-failed") << true << int(Out::BootFailed)
                                 << QByteArray(R"("outcome":"boot-failed")");
    QTest::newRow("interrupted") << true << int(Out::Interrupted)
                                 << QByteArray(R"("outcome":"interrupted")");
}

void TestStateStore::enumNames()
{
    QFETCH(bool, isOutcome);
    QFETCH(int, value);
    QFETCH(QByteArray, written);

    QTemporaryDir tmp;
    StateStore store(tmp.path());
    DeviceState state;
    if (isOutcome) {
        state.lastResult.outcome = LastResult::Outcome(value);
    } else {
        state.slots[s("A")].status = SlotRecord::Status(value);
    }
    QVERIFY(store.save(state).ok());
    QVERIFY(testutil::readFile(store.statePath()).contains(written));
    const Result<DeviceState> loaded = store.load();
    QVERIFY(loaded.ok());
    QVERIFY(*loaded == state);
}

void TestStateStore::missingFileIsDefault()
{
    QTemporaryDir tmp;
    for (const QString &dir : QStringList{tmp.path(), tmp.path() + s("/not/created")}) {
        const Result<DeviceState> loaded = StateStore(dir).load();
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
        QVERIFY(*loaded == DeviceState{});
    }
    QCOMPARE(filesIn(tmp.path()), QStringList());
}

void TestStateStore::corruptIsError_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("named"); // what the message must mention

    QTemporaryDir tmp;
    StateStore store(tmp.path());
    if (!store.save(fullState()).ok()) {
        qFatal("cannot save the test state");
    }
    const QByteArray valid = testutil::readFile(store.statePath());
    const auto row = [&valid](const char *name, const QByteArray &from, const QByteArray &to,
                              const char *named) {
        QTest::newRow(name) << mutate(valid, from, to) << s(named);
    };

    QTest::newRow("empty file") << QByteArray() << s("not valid JSON");
    QTest::newRow("cut in half") << valid.left(valid.size() / 2) << s("not valid JSON");
    QTest::newRow("cut before the last brace") << valid.chopped(1) << s("not valid JSON");
    QTest::newRow("zeros after a power cut")
        << QByteArray(valid.size(), '\0') << s("not valid JSON");
    QTest::newRow("random bytes") << testutil::randomBytes(300, 7) << s("not valid JSON");
    QTest::newRow("trailing garbage") << QByteArray(valid + "x") << s("not valid JSON");
    QTest::newRow("array") << QByteArray("[]") << s("top level");
    QTest::newRow("over 1 MiB, otherwise valid")
        << QByteArray(valid + QByteArray(qsizetype(1024) * 1024, ' ')) << s("larger than 1 MiB");
    row("unknown slot status", R"("status":"good")", R"("status":"great")",
        R"(slots.A.status: unknown value "great")");
    row("status of wrong type", R"("status":"installing")", R"("status":3)",
        "slots.B.status: must be a string");
    row("unknown pending kind", R"("kind":"rollback")", R"("kind":"sideways")",
        R"(pending.kind: unknown value "sideways")");
    row("image size negative", R"("image_size":4294967301)", R"("image_size":-1)",
        "slots.A.image_size");
    row("in_progress without boot id", R"(,"boot_id":"9a6e0d52-7c1b-4e55-a1f0-1d2c3b4a5f60")", "",
        "in_progress.boot_id: missing");
    row("unknown outcome", R"("outcome":"health-failed")", R"("outcome":"rolled-forward")",
        "last_result.outcome");
    row("status in upper case", R"("status":"good")", R"("status":"GOOD")", "slots.A.status");
    row("format 2", R"("format":1)", R"("format":2)", "format: format 2 is not supported");
    row("format missing", R"("format":1,)", "", "format: missing");
    row("unknown top-level field", R"("format":1,)", R"("format":1,"extra":true,)",
        "extra: unknown field");
    row("unknown slot field", R"("status":"good",)", R"("status":"good","size":1,)",
        "slots.A.size: unknown field");
    row("acknowledged missing", R"(,"acknowledged":true)", "", "last_result.acknowledged: missing");
    row("acknowledged as a string", R"("acknowledged":true)", R"("acknowledged":"yes")",
        "last_result.acknowledged");
    row("misspelt field", R"("last_result":)", R"("last_resul":)", "last_resul: unknown field");
    const QRegularExpression lastResult(s(R"(,"last_result":\{[^}]*\})"));
    QTest::newRow("last_result missing")
        << QString::fromUtf8(valid).remove(lastResult).toUtf8() << s("last_result: missing");
    row("pending field missing", R"("to_version":"2.5.0",)", "", "pending.to_version: missing");
    row("empty slot name", R"({"A":)", R"({"":)", "a slot name must not be empty");
    row("hash one digit short", R"("image_sha256":"fefe)", R"("image_sha256":"fe)",
        "slots.A.image_sha256: not a SHA-256 hash");
    row("hash in upper case", R"("image_sha256":"fefe)", R"("image_sha256":"FEFE)",
        "slots.A.image_sha256");
    row("hash not hex", R"("manifest_sha256":"0101)", R"("manifest_sha256":"zz01)",
        "slots.A.manifest_sha256");
    row("time without milliseconds", R"("2026-03-01T12:34:56.789Z")", R"("2026-03-01T12:34:56Z")",
        "slots.A.installed_at: not a UTC time");
    row("time with an offset", R"("2026-03-01T12:34:56.789Z")",
        R"("2026-03-01T12:34:56.789+01:00")", "slots.A.installed_at");
    row("date only", R"("committed_at":"2026-03-02T06:00:01.500Z")",
        R"("committed_at":"2026-03-02")", "pending.committed_at");
    row("negative count", R"("count":9007199254740992)", R"("count":-1)", "history.count");
    row("fractional count", R"("count":9007199254740992)", R"("count":2.5)", "history.count");
    row("count beyond 2^53", R"("count":9007199254740992)", R"("count":9007199254740994)",
        "history.count");
    row("count a double cannot hold", R"("count":9007199254740992)", R"("count":9007199254740993)",
        "history.count");
    row("count without head", R"("head":")" + QByteArray(64, '5') + '"', R"("head":"")",
        "history: count and head disagree");
    row("head without count", R"("count":9007199254740992)", R"("count":0)",
        "history: count and head disagree");
}

void TestStateStore::corruptIsError()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, named);

    QTemporaryDir tmp;
    StateStore store(tmp.path());
    QVERIFY(testutil::writeFile(store.statePath(), content));
    for (int attempt = 0; attempt < 2; ++attempt) {
        const Result<DeviceState> loaded = store.load();
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().code, s("state.corrupt"));
        QVERIFY2(loaded.error().message.contains(named), qPrintable(loaded.error().message));
        QVERIFY(loaded.error().message.contains(s("state.json")));
    }
    QCOMPARE(testutil::readFile(store.statePath()), content); // not reset behind our back
}

void TestStateStore::stateIsNotAFile()
{
    QTemporaryDir tmp;
    StateStore store(tmp.path());
    QVERIFY(QDir().mkdir(store.statePath()));
    const Result<DeviceState> loaded = store.load();
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code, s("state.corrupt"));
    QVERIFY(!store.save(fullState()).ok());
    QVERIFY(QFileInfo(store.statePath()).isDir());
    QCOMPARE(filesIn(tmp.path()), QStringList{s("state.json")}); // temp file removed
}

void TestStateStore::unsavableRefused_data()
{
    QTest::addColumn<int>("problem");
    QTest::newRow("slot hash of 31 bytes") << 0;
    QTest::newRow("pending hash of 33 bytes") << 1;
    QTest::newRow("count without head") << 2;
    QTest::newRow("head without count") << 3;
    QTest::newRow("count beyond 2^53") << 4;
    QTest::newRow("empty slot name") << 5;
}

void TestStateStore::unsavableRefused()
{
    QFETCH(int, problem);
    DeviceState state = fullState();
    switch (problem) {
    case 0:
        state.slots[s("A")].imageSha256.chop(1);
        break;
    case 1:
        state.pending->manifestHash += 'x';
        break;
    case 2:
        state.historyHead.clear();
        break;
    case 3:
        state.historyCount = 0;
        break;
    case 4:
        state.historyCount = 9007199254740993ULL;
        break;
    default:
        state.slots.insert(QString(), SlotRecord{});
        break;
    }
    QTemporaryDir tmp;
    StateStore store(tmp.path());
    QVERIFY(store.save(otherState(1)).ok());
    const QByteArray before = testutil::readFile(store.statePath());
    const Status saved = store.save(state);
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().code, s("state.invalid"));
    QCOMPARE(testutil::readFile(store.statePath()), before);
}

void TestStateStore::crashLeftovers_data()
{
    QTest::addColumn<QList<int>>("tempSizes"); // bytes of the next state in each temp file
    QTest::newRow("empty temp file (killed after mkstemp)") << QList<int>{0};
    QTest::newRow("half-written temp file") << QList<int>{50};
    QTest::newRow("complete temp file (killed before rename)") << QList<int>{100};
    QTest::newRow("several crashes") << QList<int>{0, 50, 100, 10};
}

void TestStateStore::crashLeftovers()
{
    QFETCH(QList<int>, tempSizes);

    QTemporaryDir tmp;
    StateStore store(tmp.path());
    const DeviceState previous = otherState(1);
    QVERIFY(store.save(previous).ok());

    // What a save of the next state leaves behind when it is killed part-way.
    const QString scratch = tmp.path() + s("/scratch");
    QVERIFY(StateStore(scratch).save(otherState(2)).ok());
    const QByteArray next = testutil::readFile(StateStore(scratch).statePath());
    QVERIFY(QDir(scratch).removeRecursively());
    for (qsizetype i = 0; i < tempSizes.size(); ++i) {
        const QString name = tmp.path() + s("/state.json.tmp-Crash") + QString::number(i);
        QVERIFY(testutil::writeFile(name, next.left(next.size() * tempSizes[i] / 100)));
    }

    const Result<DeviceState> loaded = store.load();
    QVERIFY(loaded.ok());
    QVERIFY(*loaded == previous);

    const DeviceState third = otherState(3);
    QVERIFY(store.save(third).ok());
    QCOMPARE(filesIn(tmp.path()), QStringList{s("state.json")});
    const Result<DeviceState> reloaded = store.load();
    QVERIFY(reloaded.ok() && *reloaded == third);
}

void TestStateStore::failedSaveKeepsPrevious()
{
    QTemporaryDir tmp;
    StateStore store(tmp.path());
    QVERIFY(store.save(DeviceState{}).ok());
    const QByteArray before = testutil::readFile(store.statePath());

    // A file size limit makes the temp file's write fail part-way, as a full disk would.
    struct rlimit old {};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &old), 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    QVERIFY(oldHandler != SIG_ERR);
    struct rlimit small = old;
    small.rlim_cur = rlim_t(before.size() + 20);
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
    const Status saved = store.save(fullState());
    // Both are restored before either is checked: the rest of the run needs them back.
    const bool limitRestored = ::setrlimit(RLIMIT_FSIZE, &old) == 0;
    const bool handlerRestored = std::signal(SIGXFSZ, oldHandler) != SIG_ERR;
    QVERIFY(limitRestored);
    QVERIFY(handlerRestored);

    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().code, s("state.io"));
    QCOMPARE(testutil::readFile(store.statePath()), before);
    QCOMPARE(filesIn(tmp.path()), QStringList{s("state.json")});
    const Result<DeviceState> loaded = store.load();
    QVERIFY(loaded.ok() && *loaded == DeviceState{});
}

void TestStateStore::killedMidSave()
{
    QTemporaryDir tmp;
    StateStore store(tmp.path());
    const DeviceState first = otherState(10);
    const DeviceState second = otherState(20);
    QVERIFY(store.save(first).ok());

    QRandomGenerator rng(42);
    for (int round = 0; round < 25; ++round) {
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            for (int i = 0;; ++i) {
                (void)store.save((i % 2) != 0 ? first : second);
            }
        }
        ::usleep(500 + rng.bounded(8000U));
        ::kill(child, SIGKILL);
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFSIGNALED(status));

        const Result<DeviceState> loaded = store.load();
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
        QVERIFY(*loaded == first || *loaded == second);
    }
    QVERIFY(store.save(first).ok());
    QCOMPARE(filesIn(tmp.path()), QStringList{s("state.json")});
}

void TestStateStore::permissions_data()
{
    QTest::addColumn<int>("mask");
    QTest::addColumn<QString>("subdirectory");
    QTest::newRow("permissive umask") << 0 << s("data");
    QTest::newRow("usual umask") << 022 << s("data");
    QTest::newRow("missing parents") << 0 << s("var/lib/seesaw");
}

void TestStateStore::permissions()
{
    QFETCH(int, mask);
    QFETCH(QString, subdirectory);

    QTemporaryDir tmp;
    const UmaskGuard guard{mode_t(mask)};
    const QString dir = tmp.path() + u'/' + subdirectory;
    StateStore store(dir);
    QVERIFY(store.save(fullState()).ok());
    QCOMPARE(modeOf(store.statePath()), 0600);
    // Every directory the save created is private, whatever the umask.
    for (QString created = dir; created != tmp.path(); created = QFileInfo(created).path()) {
        QCOMPARE(modeOf(created), 0700);
    }
    QVERIFY(store.save(otherState(1)).ok());
    QCOMPARE(modeOf(store.statePath()), 0600);

    History history(store.historyPath());
    QVERIFY(history.append(s("booted"), {}).ok());
    QCOMPARE(modeOf(store.historyPath()), 0600);
}

QTEST_GUILESS_MAIN(TestStateStore)
#include "tst_statestore.moc"
