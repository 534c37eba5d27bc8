// Semantic Versioning 2.0.0: parsing and precedence.
#pragma once

#include "base/result.h"

#include <QString>
#include <QStringList>
#include <compare>

namespace seesaw {

class SemVer {
public:
    // Strict SemVer 2.0.0 (no leading "v", no leading zeros in numeric identifiers, at most
    // 64 characters). Error code "semver.invalid".
    static Result<SemVer> parse(const QString &text);

    [[nodiscard]] quint64 major() const { return m_major; }
    [[nodiscard]] quint64 minor() const { return m_minor; }
    [[nodiscard]] quint64 patch() const { return m_patch; }
    [[nodiscard]] const QStringList &preRelease() const { return m_pre; }
    [[nodiscard]] const QString &buildMetadata() const { return m_build; }
    [[nodiscard]] QString toString() const;

    // Precedence per SemVer §11; build metadata is ignored.
    std::strong_ordering operator<=>(const SemVer &other) const;
    bool operator==(const SemVer &other) const { return (*this <=> other) == nullptr; }

private:
    quint64 m_major = 0, m_minor = 0, m_patch = 0;
    QStringList m_pre;
    QString m_build;
};

} // namespace seesaw
