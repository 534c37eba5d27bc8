#include "base/semver.h"

#include "base/hostilestring.h"

#include <QCoreApplication>

namespace seesaw {

namespace {

constexpr qsizetype MaxSemVerChars = 64;

// ASCII only: QChar::isLetterOrNumber() would let other scripts' digits and letters through.
bool isDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

bool isIdentifierChar(QChar c)
{
    const char16_t u = c.unicode();
    return isDigit(c) || (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || u == u'-';
}

bool isNumeric(QStringView id)
{
    for (QChar c : id) {
        if (!isDigit(c)) {
            return false;
        }
    }
    return !id.isEmpty();
}

// A numeric identifier: digits only, no leading zero, fits quint64.
bool parseNumber(QStringView id, quint64 &out)
{
    if (!isNumeric(id) || (id.size() > 1 && id.front() == u'0')) {
        return false;
    }
    bool ok = false;
    out = id.toULongLong(&ok);
    return ok;
}

bool validIdentifiers(const QStringList &ids, bool checkLeadingZeros)
{
    for (const QString &id : ids) {
        if (id.isEmpty()) {
            return false;
        }
        for (QChar c : id) {
            if (!isIdentifierChar(c)) {
                return false;
            }
        }
        quint64 ignored = 0;
        if (checkLeadingZeros && isNumeric(id) && !parseNumber(id, ignored)) {
            return false;
        }
    }
    return true;
}

std::strong_ordering compareIdentifier(const QString &a, const QString &b)
{
    const bool aNum = isNumeric(a);
    const bool bNum = isNumeric(b);
    if (aNum && bNum) {
        // Validated at parse time: no leading zeros, so the longer number is the larger one.
        if (a.size() != b.size()) {
            return a.size() <=> b.size();
        }
    } else if (aNum != bNum) {
        return aNum ? std::strong_ordering::less : std::strong_ordering::greater;
    }
    // Identifiers are ASCII, so comparing UTF-16 code units is the ASCII order the spec asks for.
    const int c = QString::compare(a, b, Qt::CaseSensitive);
    return c <=> 0;
}

} // namespace

Result<SemVer> SemVer::parse(const QString &text)
{
    const auto invalid = [&text] {
        return makeError(
            Error::Kind::Invalid, "semver.invalid",
            QCoreApplication::translate(
                "seesaw::SemVer", "\"%1\" is not a semantic version such as 1.2.3 or 1.2.3-rc.1")
                .arg(displayString(text)));
    };
    if (text.isEmpty() || text.size() > MaxSemVerChars) {
        return invalid();
    }

    SemVer v;
    QStringView rest(text);
    const qsizetype plus = rest.indexOf(u'+');
    if (plus >= 0) {
        v.m_build = rest.mid(plus + 1).toString();
        rest = rest.left(plus);
        if (!validIdentifiers(v.m_build.split(u'.'), false)) {
            return invalid();
        }
    }
    // The core has no '-', so the first one starts the pre-release part.
    const qsizetype dash = rest.indexOf(u'-');
    if (dash >= 0) {
        v.m_pre = rest.mid(dash + 1).toString().split(u'.');
        rest = rest.left(dash);
        if (!validIdentifiers(v.m_pre, true)) {
            return invalid();
        }
    }
    const QList<QStringView> core = rest.split(u'.');
    if (core.size() != 3 || !parseNumber(core[0], v.m_major) || !parseNumber(core[1], v.m_minor) ||
        !parseNumber(core[2], v.m_patch)) {
        return invalid();
    }
    return v;
}

QString SemVer::toString() const
{
    QString s = QString::number(m_major) + u'.' + QString::number(m_minor) + u'.' +
                QString::number(m_patch);
    if (!m_pre.isEmpty()) {
        s += u'-' + m_pre.join(u'.');
    }
    if (!m_build.isEmpty()) {
        s += u'+' + m_build;
    }
    return s;
}

std::strong_ordering SemVer::operator<=>(const SemVer &other) const
{
    if (const auto c = m_major <=> other.m_major; c != nullptr) {
        return c;
    }
    if (const auto c = m_minor <=> other.m_minor; c != nullptr) {
        return c;
    }
    if (const auto c = m_patch <=> other.m_patch; c != nullptr) {
        return c;
    }
    // A release outranks any of its pre-releases.
    if (m_pre.isEmpty() || other.m_pre.isEmpty()) {
        return static_cast<int>(m_pre.isEmpty()) <=> static_cast<int>(other.m_pre.isEmpty());
    }
    const qsizetype common = std::min(m_pre.size(), other.m_pre.size());
    for (qsizetype i = 0; i < common; ++i) {
        if (const auto c = compareIdentifier(m_pre[i], other.m_pre[i]); c != nullptr) {
            return c;
        }
    }
    return m_pre.size() <=> other.m_pre.size();
}

} // namespace seesaw
