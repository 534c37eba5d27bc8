// Private to config/: the reader behind SystemConfig::load, split by section over
// systemconfig.cpp and healthconfig.cpp, and the helpers both use.
#pragma once

#include "base/result.h"
#include "config/inifile.h"
#include "config/systemconfig.h"

#include <QHash>
#include <QList>
#include <QString>
#include <optional>
#include <utility>

namespace seesaw::config_detail {

QString tr(const char *text);
QString quoted(const QString &value); // 'value', shown safely
// Digits only: QString::toInt() would also take "+3" or " 3".
std::optional<int> boundedInt(const QString &value, int min, int max);
bool isPrintable(const QString &value);
// A whole number with an optional unit: "90", "90s", "30m", "6h", "1d" -> seconds.
std::optional<qint64> duration(const QString &value);

class Loader {
public:
    explicit Loader(QString path) : m_path(std::move(path)) {}
    Result<SystemConfig> run();

private:
    Error fail(const char *code, int line, const QString &section, const QString &key,
               const QString &what) const;
    std::optional<Error> parse(const QString &text);
    std::optional<Error> readSystem(const IniSection &section);
    std::optional<Error> readPaths(const IniSection &section);
    std::optional<Error> readHealth(const IniSection &section);
    std::optional<Error> readNetwork(const IniSection &section); // networkconfig.cpp
    std::optional<Error> readHawkbit(const IniSection &section); // hawkbitconfig.cpp
    [[nodiscard]] std::optional<Error> checkHawkbit(const IniSection &section) const;
    [[nodiscard]] std::optional<Error> checkUpdateSources() const; // hawkbitconfig.cpp
    std::optional<Error> readArtifacts(const IniSection &section); // artifactsconfig.cpp
    std::optional<Error> placeArtifactStores();                    // artifactsconfig.cpp
    std::optional<Error> readSlot(const IniSection &section);
    [[nodiscard]] std::optional<Error> checkSlots() const;
    [[nodiscard]] std::optional<Error> checkFiles() const;
    [[nodiscard]] QString path(const QString &value) const;
    bool readPath(const IniSection &section, const IniEntry &entry, std::optional<Error> *error);
    [[nodiscard]] std::optional<Error> checkText(const IniSection &section,
                                                 const IniEntry &entry) const;

    QString m_path;
    QList<IniSection> m_sections;
    SystemConfig m_config;
    QHash<QString, int> m_keyLines; // "section/key" -> line, for checks made after parsing
    QList<int> m_slotLines;         // line of each slot's section header, parallel to slots
};

} // namespace seesaw::config_detail
