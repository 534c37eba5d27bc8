// Risk: the bounds on calls waiting for polkit let one connection, or one user with many
// connections, take every place (so root is refused), never free a place, or keep a cache of
// callers that grows without bound.
#include "dbusmapping.h"
#include "pendingauthorizations.h"
#include "testutil.h"

#include <QTest>

using namespace seesaw;
using testutil::errorCode;

namespace {
constexpr uint Nobody = 65534;
constexpr uint Root = 0;
} // namespace

class TestPendingAuthorizations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void perConnection()
    {
        PendingAuthorizations pending({2, 10, 20, 8});
        QVERIFY(!pending.knownUid(QStringLiteral(":1.1")));
        QVERIFY(pending.admit(QStringLiteral(":1.1"), Nobody));
        QCOMPARE(pending.knownUid(QStringLiteral(":1.1")), std::optional<uint>(Nobody));
        QVERIFY(pending.admit(QStringLiteral(":1.1"), Nobody));
        const Status third = pending.admit(QStringLiteral(":1.1"), Nobody);
        QCOMPARE(errorCode(third), QStringLiteral("daemon.too-many-requests"));
        QCOMPARE(errorName(third.error()),
                 QStringLiteral("org.seesaw.Updater1.Error.TooManyRequests"));
        QVERIFY(third.error().message.contains(QStringLiteral("This connection has 2 requests")));
        pending.release(QStringLiteral(":1.1"));
        QVERIFY(pending.admit(QStringLiteral(":1.1"), Nobody));
    }

    // One user's connections together get no more than the per-user share; root still gets in.
    void perUserLeavesRoomForRoot()
    {
        PendingAuthorizations pending({4, 6, 8, 8});
        int admitted = 0;
        for (const char *name : {":1.1", ":1.2", ":1.3"}) {
            for (int i = 0; i < 4; ++i) {
                admitted += pending.admit(QLatin1String(name), Nobody) ? 1 : 0;
            }
        }
        QCOMPARE(admitted, 6);
        const Status refused = pending.admit(QStringLiteral(":1.3"), Nobody);
        QVERIFY(refused.error().message.contains(QStringLiteral("This user has 6 requests")));
        // A refused name is remembered too: its next call needs no question to the bus.
        QCOMPARE(pending.knownUid(QStringLiteral(":1.3")), std::optional<uint>(Nobody));
        QVERIFY(pending.admit(QStringLiteral(":1.9"), Root));
        QCOMPARE(pending.total(), 7);
    }

    void total()
    {
        PendingAuthorizations pending({4, 4, 6, 8});
        for (int i = 0; i < 4; ++i) {
            QVERIFY(pending.admit(QStringLiteral(":1.1"), Nobody));
        }
        QVERIFY(pending.admit(QStringLiteral(":1.4"), 1000));
        QVERIFY(pending.admit(QStringLiteral(":1.9"), Root));
        const Status full = pending.admit(QStringLiteral(":1.4"), 1000);
        QVERIFY(full.error().message.contains(QStringLiteral("has 6 requests waiting")));
    }

    // The uid cache holds names with pending calls and the last few idle ones, no more.
    void cacheIsBounded()
    {
        PendingAuthorizations pending({4, 10, 20, 2});
        const QStringList names{QStringLiteral(":1.1"), QStringLiteral(":1.2"),
                                QStringLiteral(":1.3"), QStringLiteral(":1.4")};
        for (const QString &name : names) {
            QVERIFY(pending.admit(name, Nobody));
            QVERIFY(pending.admit(name, Nobody));
        }
        QCOMPARE(pending.cachedNames(), 4);
        for (const QString &name : names) {
            pending.release(name);
            pending.release(name);
        }
        QCOMPARE(pending.total(), 0);
        QCOMPARE(pending.cachedNames(), 2);
        QVERIFY(pending.knownUid(QStringLiteral(":1.4")));
        QVERIFY(!pending.knownUid(QStringLiteral(":1.1")));
        // A release without an admission changes nothing.
        pending.release(QStringLiteral(":1.4"));
        pending.release(QStringLiteral(":1.5"));
        QCOMPARE(pending.total(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPendingAuthorizations)
#include "tst_pendingauthorizations.moc"
