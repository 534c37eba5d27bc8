// Risk: a lax or mis-ordered version parser lets a bundle slip past downgrade and min_version
// checks.
#include "base/hostilestring.h"
#include "base/semver.h"

#include <QTest>

using seesaw::SemVer;

class TestSemVer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void specPrecedenceChain();
    void precedence_data();
    void precedence();
    void buildMetadataIgnored();
};

namespace {

SemVer v(const char *text)
{
    const auto parsed = SemVer::parse(QString::fromLatin1(text));
    if (!parsed) {
        qFatal("test version %s does not parse", text);
    }
    return *parsed;
}

} // namespace

void TestSemVer::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint64>("major");
    QTest::addColumn<quint64>("minor");
    QTest::addColumn<quint64>("patch");
    QTest::addColumn<QStringList>("pre");
    QTest::addColumn<QString>("build");

    const auto row = [](const char *name, const QString &text, quint64 ma, quint64 mi, quint64 pa,
                        const QStringList &pre, const QString &build) {
        QTest::newRow(name) << text << ma << mi << pa << pre << build;
    };
    const auto s = [](const char *t) { return QString::fromLatin1(t); };
    row("zeros", s("0.0.0"), 0, 0, 0, {}, {});
    row("plain", s("1.2.3"), 1, 2, 3, {}, {});
    row("pre-release", s("1.0.0-alpha.1"), 1, 0, 0, {s("alpha"), s("1")}, {});
    row("hyphens in pre-release", s("1.0.0-x-y-z.--"), 1, 0, 0, {s("x-y-z"), s("--")}, {});
    row("alphanumeric starting with 0", s("1.0.0-0a"), 1, 0, 0, {s("0a")}, {});
    row("zero pre-release", s("1.0.0-0"), 1, 0, 0, {s("0")}, {});
    row("build", s("1.0.0+20130313144700"), 1, 0, 0, {}, s("20130313144700"));
    row("build with leading zero", s("1.0.0-beta+exp.sha.05"), 1, 0, 0, {s("beta")},
        s("exp.sha.05"));
    row("build with hyphen", s("1.0.0+21AF26D3----117B344092BD"), 1, 0, 0, {},
        s("21AF26D3----117B344092BD"));
    row("quint64 max", s("18446744073709551615.0.0"), 18446744073709551615ULL, 0, 0, {}, {});
    const QString pre58(58, u'a');
    row("64 characters", s("1.0.0-") + pre58, 1, 0, 0, {pre58}, {});
}

void TestSemVer::parseValid()
{
    QFETCH(QString, text);
    QFETCH(quint64, major);
    QFETCH(quint64, minor);
    QFETCH(quint64, patch);
    QFETCH(QStringList, pre);
    QFETCH(QString, build);

    const auto parsed = SemVer::parse(text);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed->major(), major);
    QCOMPARE(parsed->minor(), minor);
    QCOMPARE(parsed->patch(), patch);
    QCOMPARE(parsed->preRelease(), pre);
    QCOMPARE(parsed->buildMetadata(), build);
    QCOMPARE(parsed->toString(), text);
}

void TestSemVer::parseInvalid_data()
{
    QTest::addColumn<QString>("text");
    const auto row = [](const char *name, const QString &text) { QTest::newRow(name) << text; };
    const auto s = [](const char *t) { return QString::fromUtf8(t); };
    row("empty", {});
    row("one part", s("1"));
    row("two parts", s("1.2"));
    row("four parts", s("1.2.3.4"));
    row("leading v", s("v1.2.3"));
    row("leading space", s(" 1.2.3"));
    row("trailing newline", s("1.2.3\n"));
    row("leading zero major", s("01.2.3"));
    row("leading zero minor", s("1.02.3"));
    row("leading zero patch", s("1.2.03"));
    row("leading zero pre-release", s("1.2.3-01"));
    row("empty part", s("1..3"));
    row("negative", s("-1.2.3"));
    row("empty pre-release", s("1.2.3-"));
    row("empty pre-release identifier", s("1.2.3-alpha..1"));
    row("trailing dot", s("1.2.3-alpha."));
    row("empty build", s("1.2.3+"));
    row("empty build identifier", s("1.2.3+a..b"));
    row("two plus signs", s("1.2.3+a+b"));
    row("underscore", s("1.2.3-a_b"));
    row("non-ASCII letter", s("1.2.3-\xc3\xa9"));
    row("non-ASCII digit", s("1.\xd9\xa2.3"));
    row("major overflows quint64", s("18446744073709551616.0.0"));
    row("pre-release overflows quint64", s("1.0.0-18446744073709551616"));
    row("65 characters", s("1.0.0-") + QString(59, u'a'));
}

void TestSemVer::parseInvalid()
{
    QFETCH(QString, text);
    const auto parsed = SemVer::parse(text);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, QStringLiteral("semver.invalid"));
    QVERIFY2(parsed.error().message.contains(seesaw::displayString(text)),
             qPrintable(parsed.error().message));
}

// The example from SemVer 2.0.0 §11, compared pairwise in both directions.
void TestSemVer::specPrecedenceChain()
{
    const char *const chain[] = {"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                                 "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",       "1.0.0"};
    const qsizetype n = std::size(chain);
    for (qsizetype i = 0; i < n; ++i) {
        for (qsizetype j = 0; j < n; ++j) {
            const auto expected = i <=> j;
            const auto actual = v(chain[i]) <=> v(chain[j]);
            QVERIFY2(actual == expected,
                     qPrintable(QStringLiteral("%1 vs %2")
                                    .arg(QLatin1String(chain[i]), QLatin1String(chain[j]))));
        }
    }
}

void TestSemVer::precedence_data()
{
    QTest::addColumn<QString>("lower");
    QTest::addColumn<QString>("higher");
    const auto row = [](const char *lo, const char *hi) {
        QTest::addRow("%s < %s", lo, hi) << QString::fromLatin1(lo) << QString::fromLatin1(hi);
    };
    row("1.0.0", "2.0.0");
    row("2.0.0", "2.1.0");
    row("2.1.0", "2.1.1");
    row("1.9.9", "1.10.0");
    row("9.0.0", "10.0.0");
    row("1.0.0-2", "1.0.0-10");
    row("1.0.0-99", "1.0.0-100a");
    row("1.0.0-rc.1", "1.0.0");
    row("1.0.0", "1.0.1-alpha");
    row("1.0.0-Z", "1.0.0-a");
    row("1.0.0-18446744073709551614", "1.0.0-18446744073709551615");
}

void TestSemVer::precedence()
{
    QFETCH(QString, lower);
    QFETCH(QString, higher);
    const SemVer lo = *SemVer::parse(lower);
    const SemVer hi = *SemVer::parse(higher);
    QVERIFY(lo < hi);
    QVERIFY(hi > lo);
    QVERIFY(lo != hi);
    QVERIFY((lo <=> lo) == nullptr);
}

// Build metadata does not take part in precedence (§10).
void TestSemVer::buildMetadataIgnored()
{
    QVERIFY(v("1.0.0+a") == v("1.0.0+b"));
    QVERIFY((v("1.0.0-rc.1+x") <=> v("1.0.0-rc.1")) == nullptr);
    QVERIFY(v("1.0.0-rc.1+zzz") < v("1.0.0"));
}

QTEST_GUILESS_MAIN(TestSemVer)
#include "tst_semver.moc"
