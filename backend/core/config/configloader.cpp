// Reading system.conf: SystemConfig::load and every section but [health] (healthconfig.cpp).
#include "config/configloader.h"

#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringDecoder>
#include <algorithm>
#include <optional>

namespace seesaw {

namespace config_detail {

// A device description is a few dozen lines; anything this large is not one.
constexpr qsizetype MaxConfigBytes = qsizetype(256) * 1024;
constexpr qsizetype MaxCompatibleChars = 128;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::SystemConfig", text);
}

QString quoted(const QString &value)
{
    // Long enough for any path an operator would configure.
    return QLatin1Char('\'') + displayString(value, 256) + QLatin1Char('\'');
}

Error Loader::fail(const char *code, int line, const QString &section, const QString &key,
                   const QString &what) const
{
    const Error::Kind kind =
        qstrcmp(code, "config.unreadable") == 0 ? Error::Kind::Io : Error::Kind::Invalid;
    QString where = QLatin1Char('[') + section + QLatin1Char(']');
    if (!key.isEmpty()) {
        where += QLatin1Char(' ') + key;
    }
    if (section.isEmpty()) {
        where.clear();
    }
    QString message;
    if (line > 0 && !where.isEmpty()) {
        message = tr("%1, line %2: %3: %4").arg(m_path, QString::number(line), where, what);
    } else if (line > 0) {
        message = tr("%1, line %2: %3").arg(m_path, QString::number(line), what);
    } else if (!where.isEmpty()) {
        message = tr("%1: %2: %3").arg(m_path, where, what);
    } else {
        message = tr("%1: %2").arg(m_path, what);
    }
    return makeError(kind, code, message);
}

std::optional<Error> Loader::parse(const QString &text)
{
    if (const auto e = parseIni(text, &m_sections)) {
        return fail("config.syntax", e->line, e->section, e->key, e->what);
    }
    for (const IniSection &section : std::as_const(m_sections)) {
        for (const IniEntry &entry : section.entries) {
            m_keyLines.insert(section.name + QLatin1Char('/') + entry.key, entry.line);
        }
    }
    return std::nullopt;
}

QString Loader::path(const QString &value) const
{
    if (QDir::isAbsolutePath(value)) {
        return QDir::cleanPath(value);
    }
    return QDir::cleanPath(m_config.baseDirectory + QLatin1Char('/') + value);
}

// Keys whose value is a path, resolved against the directory of the configuration file.
struct PathKey {
    const char *section;
    const char *key;
    QString SystemConfig::*member;
    QString HealthConfig::*healthMember = nullptr;
};
const PathKey PathKeys[] = {
    {"system", "data-directory", &SystemConfig::dataDirectory},
    {"system", "cmdline", &SystemConfig::cmdlinePath},
    {"system", "power-supply", &SystemConfig::powerSupplyDirectory},
    {"system", "os-release", &SystemConfig::osReleasePath},
    {"system", "boot-id", &SystemConfig::bootIdPath},
    {"keyring", "directory", &SystemConfig::keyringDirectory},
    {"bootloader", "uboot-env-config", &SystemConfig::ubootEnvConfig},
    {"bootloader", "grubenv", &SystemConfig::grubenv},
    {"bootloader", "esp", &SystemConfig::esp},
    {"bootloader", "custom-backend", &SystemConfig::customBackend},
    {"health", "proc", nullptr, &HealthConfig::procDirectory},
    {"health", "thermal", nullptr, &HealthConfig::thermalDirectory},
};

// True when the entry is a path key; *error is set when its value is unusable.
bool Loader::readPath(const IniSection &section, const IniEntry &entry, std::optional<Error> *error)
{
    const PathKey *known =
        std::find_if(std::begin(PathKeys), std::end(PathKeys), [&](const PathKey &k) {
            return section.name == QLatin1String(k.section) && entry.key == QLatin1String(k.key);
        });
    if (known == std::end(PathKeys)) {
        return false;
    }
    if (entry.value.isEmpty()) {
        *error = fail("config.invalid-value", entry.line, section.name, entry.key,
                      tr("a path is required"));
    } else {
        (known->member != nullptr ? m_config.*known->member
                                  : m_config.health.*known->healthMember) = path(entry.value);
    }
    return true;
}

std::optional<int> boundedInt(const QString &value, int min, int max)
{
    if (value.isEmpty() || value.size() > 6) {
        return std::nullopt;
    }
    for (const QChar c : value) {
        if (c.unicode() < u'0' || c.unicode() > u'9') {
            return std::nullopt;
        }
    }
    const int number = value.toInt();
    if (number < min || number > max) {
        return std::nullopt;
    }
    return number;
}

bool isPrintable(const QString &value)
{
    const auto codepoints = value.toUcs4();
    return std::all_of(codepoints.begin(), codepoints.end(),
                       [](uint c) { return QChar::isPrint(char32_t(c)); });
}

// compatible and hardware are compared with a bundle's and shown to the operator.
std::optional<Error> Loader::checkText(const IniSection &section, const IniEntry &entry) const
{
    const QString &v = entry.value;
    if (v.isEmpty() || v.toUcs4().size() > MaxCompatibleChars || !isPrintable(v)) {
        return fail("config.invalid-value", entry.line, section.name, entry.key,
                    tr("%1 must be 1 to %2 printable characters")
                        .arg(quoted(v), QString::number(MaxCompatibleChars)));
    }
    return std::nullopt;
}

std::optional<Error> Loader::readSystem(const IniSection &section)
{
    for (const IniEntry &e : section.entries) {
        const QString &v = e.value;
        std::optional<Error> error;
        if (readPath(section, e, &error)) {
            if (error) {
                return error;
            }
        } else if (e.key == QLatin1String("compatible") || e.key == QLatin1String("hardware")) {
            if (auto invalid = checkText(section, e)) {
                return invalid;
            }
            (e.key == QLatin1String("compatible") ? m_config.compatible : m_config.hardware) = v;
        } else if (e.key == QLatin1String("bootloader")) {
            using Kind = SystemConfig::BootloaderKind;
            bool known = false;
            for (const Kind kind : {Kind::UBoot, Kind::Grub, Kind::SystemdBoot, Kind::Custom}) {
                if (v == SystemConfig::bootloaderName(kind)) {
                    m_config.bootloader = kind;
                    known = true;
                }
            }
            if (!known) {
                return fail("config.invalid-value", e.line, section.name, e.key,
                            tr("unknown bootloader %1 (expected uboot, grub, systemd-boot or "
                               "custom)")
                                .arg(quoted(v)));
            }
        } else if (e.key == QLatin1String("boot-attempts")) {
            const auto number = boundedInt(v, 1, 100);
            if (!number) {
                return fail("config.invalid-value", e.line, section.name, e.key,
                            tr("%1 is not a whole number from 1 to 100").arg(quoted(v)));
            }
            m_config.bootAttempts = *number;
        } else if (e.key == QLatin1String("allow-downgrade")) {
            if (v != QLatin1String("true") && v != QLatin1String("false")) {
                return fail("config.invalid-value", e.line, section.name, e.key,
                            tr("%1 is neither true nor false").arg(quoted(v)));
            }
            m_config.allowDowngrade = v == QLatin1String("true");
        } else if (e.key == QLatin1String("slot-writes")) {
            if (v != QLatin1String("direct") && v != QLatin1String("buffered")) {
                return fail("config.invalid-value", e.line, section.name, e.key,
                            tr("%1 is neither direct nor buffered").arg(quoted(v)));
            }
            m_config.slotWrites = v == QLatin1String("direct") ? SystemConfig::SlotWrites::Direct
                                                               : SystemConfig::SlotWrites::Buffered;
        } else if (e.key == QLatin1String("reboot-command")) {
            if (v.isEmpty()) {
                return fail("config.invalid-value", e.line, section.name, e.key,
                            tr("a command is required"));
            }
            m_config.rebootCommand = v;
        } else {
            return fail("config.unknown-key", e.line, section.name, e.key, tr("unknown key"));
        }
    }
    // U-Boot scripts count down with setexpr, which writes hexadecimal: from 10 on, the
    // counter would read back as "a", which no boot loader backend accepts as a count.
    if (m_config.bootloader == SystemConfig::BootloaderKind::UBoot && m_config.bootAttempts > 9) {
        return fail("config.invalid-value",
                    m_keyLines.value(QStringLiteral("system/boot-attempts")), section.name,
                    QStringLiteral("boot-attempts"),
                    tr("%1 attempts cannot be counted by a U-Boot script (setexpr counts in "
                       "hexadecimal); use 1 to 9 with bootloader=uboot")
                        .arg(m_config.bootAttempts));
    }
    return std::nullopt;
}

// [keyring] and [bootloader] hold nothing but paths.
std::optional<Error> Loader::readPaths(const IniSection &section)
{
    for (const IniEntry &e : section.entries) {
        std::optional<Error> error;
        if (!readPath(section, e, &error)) {
            return fail("config.unknown-key", e.line, section.name, e.key, tr("unknown key"));
        }
        if (error) {
            return error;
        }
    }
    return std::nullopt;
}

std::optional<Error> Loader::readSlot(const IniSection &section)
{
    const QStringList parts = section.name.split(QLatin1Char('.'));
    if (parts.size() != 3) {
        return fail("config.invalid-value", section.line, section.name, {},
                    tr("a slot section is named [slot.CLASS.N], for example [slot.rootfs.0]"));
    }
    if (!isAsciiName(parts.at(1), 1, 32, QLatin1String("_-"), true, true)) {
        return fail("config.invalid-value", section.line, section.name, {},
                    tr("slot class %1 must be 1 to 32 of a-z, 0-9, '_' and '-', starting with a "
                       "letter or digit")
                        .arg(quoted(parts.at(1))));
    }
    if (parts.at(2) != QLatin1String("0") && parts.at(2) != QLatin1String("1")) {
        return fail("config.invalid-value", section.line, section.name, {},
                    tr("slot number %1 must be 0 or 1").arg(quoted(parts.at(2))));
    }

    SlotConfig slot;
    slot.slotClass = parts.at(1);
    slot.index = parts.at(2) == QLatin1String("1") ? 1 : 0;
    for (const IniEntry &e : section.entries) {
        if (e.key == QLatin1String("device")) {
            if (e.value.isEmpty()) {
                return fail("config.invalid-value", e.line, section.name, e.key,
                            tr("a path is required"));
            }
            slot.device = path(e.value);
        } else if (e.key == QLatin1String("bootname")) {
            // Bootnames end up in boot loader variable names (BOOT_A_LEFT, A_OK): no '-'.
            if (!isAsciiName(e.value, 1, 32, QLatin1String("_"))) {
                return fail("config.invalid-value", e.line, section.name, e.key,
                            tr("%1 must be 1 to 32 of A-Z, a-z, 0-9 and '_'").arg(quoted(e.value)));
            }
            slot.bootname = e.value;
        } else {
            return fail("config.unknown-key", e.line, section.name, e.key, tr("unknown key"));
        }
    }
    if (slot.device.isEmpty()) {
        return fail("config.missing-key", section.line, section.name, QStringLiteral("device"),
                    tr("missing; every slot names its device"));
    }
    m_config.slots.append(slot);
    m_slotLines.append(section.line);
    return std::nullopt;
}

QString sectionOf(const SlotConfig &slot)
{
    return QStringLiteral("slot.") + slot.name();
}

// Two spellings of one device (a symlink, "//", "..") must compare equal.
QString deviceKey(const QString &device)
{
    const QString canonical = QFileInfo(device).canonicalFilePath();
    return canonical.isEmpty() ? device : canonical;
}

std::optional<Error> Loader::checkSlots() const
{
    const QList<SlotConfig> &slots = m_config.slots;
    if (slots.isEmpty()) {
        return fail("config.slot-count", 0, {}, {},
                    tr("no [slot.CLASS.N] sections; the class the bootloader switches needs two "
                       "slots, .0 and .1"));
    }
    const auto lineOf = [&](const SlotConfig &slot, const char *key) {
        const int line = m_keyLines.value(sectionOf(slot) + QLatin1Char('/') + QLatin1String(key));
        return line > 0 ? line : m_slotLines.at(&slot - slots.constData());
    };
    const QStringList classes = m_config.slotClasses();
    for (const QString &slotClass : classes) {
        for (int index = 0; index < 2; ++index) {
            if (m_config.slot(slotClass, index) == nullptr) {
                return fail("config.slot-count", 0,
                            QStringLiteral("slot.%1.%2").arg(slotClass, QString::number(index)), {},
                            tr("missing; slot class %1 needs exactly two slots, .0 and .1")
                                .arg(quoted(slotClass)));
            }
        }
    }

    for (qsizetype i = 0; i < slots.size(); ++i) {
        for (qsizetype j = 0; j < i; ++j) {
            if (!slots.at(i).bootname.isEmpty() && slots.at(i).bootname == slots.at(j).bootname) {
                return fail("config.duplicate-bootname", lineOf(slots.at(i), "bootname"),
                            sectionOf(slots.at(i)), QStringLiteral("bootname"),
                            tr("%1 is also the bootname of [%2]")
                                .arg(quoted(slots.at(i).bootname), sectionOf(slots.at(j))));
            }
            if (deviceKey(slots.at(i).device) == deviceKey(slots.at(j).device)) {
                return fail("config.invalid-value", lineOf(slots.at(i), "device"),
                            sectionOf(slots.at(i)), QStringLiteral("device"),
                            tr("%1 is also the device of [%2]")
                                .arg(quoted(slots.at(i).device), sectionOf(slots.at(j))));
            }
        }
    }

    // Exactly one class, the one the bootloader switches, carries bootnames on both slots.
    QString bootClass;
    for (const QString &slotClass : classes) {
        const SlotConfig *zero = m_config.slot(slotClass, 0);
        const SlotConfig *one = m_config.slot(slotClass, 1);
        if (zero->bootname.isEmpty() && one->bootname.isEmpty()) {
            continue;
        }
        if (!bootClass.isEmpty()) {
            const SlotConfig *named = zero->bootname.isEmpty() ? one : zero;
            return fail("config.invalid-value", lineOf(*named, "bootname"), sectionOf(*named),
                        QStringLiteral("bootname"),
                        tr("only the class the bootloader switches has bootnames, and slot class "
                           "%1 already does")
                            .arg(quoted(bootClass)));
        }
        const SlotConfig *unnamed = zero->bootname.isEmpty() ? zero : one;
        if (unnamed->bootname.isEmpty()) {
            return fail("config.missing-key", lineOf(*unnamed, "bootname"), sectionOf(*unnamed),
                        QStringLiteral("bootname"),
                        tr("missing; both slots of the class the bootloader switches need one"));
        }
        bootClass = slotClass;
    }
    if (bootClass.isEmpty()) {
        const SlotConfig *first = m_config.slot(classes.first(), 0);
        return fail("config.missing-key", lineOf(*first, "bootname"), sectionOf(*first),
                    QStringLiteral("bootname"),
                    tr("missing; no slot has a bootname, but both slots of the class the "
                       "bootloader switches need one"));
    }
    return std::nullopt;
}

std::optional<Error> Loader::checkFiles() const
{
    const int keyringLine = m_keyLines.value(QStringLiteral("keyring/directory"));
    if (!QFileInfo(m_config.keyringDirectory).isDir()) {
        return fail("config.missing-keyring", keyringLine, QStringLiteral("keyring"),
                    QStringLiteral("directory"),
                    tr("%1 is not a directory").arg(quoted(m_config.keyringDirectory)));
    }

    using Kind = SystemConfig::BootloaderKind;
    QString key;
    QString file;
    bool wantDirectory = false;
    switch (m_config.bootloader) {
    case Kind::UBoot:
        key = QStringLiteral("uboot-env-config");
        file = m_config.ubootEnvConfig;
        break;
    case Kind::Grub:
        key = QStringLiteral("grubenv");
        file = m_config.grubenv;
        break;
    case Kind::SystemdBoot:
        key = QStringLiteral("esp");
        file = m_config.esp;
        wantDirectory = true;
        break;
    case Kind::Custom:
        key = QStringLiteral("custom-backend");
        file = m_config.customBackend;
        break;
    }
    const QFileInfo info(file);
    const bool present = wantDirectory ? info.isDir() : info.isFile();
    if (!present) {
        return fail("config.invalid-value", m_keyLines.value(QStringLiteral("bootloader/") + key),
                    QStringLiteral("bootloader"), key,
                    tr("%1 does not exist, and the %2 bootloader needs it")
                        .arg(quoted(file), SystemConfig::bootloaderName(m_config.bootloader)));
    }
    return std::nullopt;
}

Result<SystemConfig> Loader::run()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        return fail("config.unreadable", 0, {}, {}, file.errorString());
    }
    const QByteArray bytes = file.read(MaxConfigBytes + 1);
    if (bytes.size() > MaxConfigBytes) {
        return fail("config.unreadable", 0, {}, {}, tr("larger than %1 bytes").arg(MaxConfigBytes));
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    if (decoder.hasError()) {
        return fail("config.syntax", 0, {}, {}, tr("not valid UTF-8"));
    }

    m_config.baseDirectory = QFileInfo(m_path).absolutePath();
    if (auto error = parse(text)) {
        return *error;
    }

    for (const IniSection &section : std::as_const(m_sections)) {
        std::optional<Error> error;
        if (section.name == QLatin1String("system")) {
            error = readSystem(section);
        } else if (section.name == QLatin1String("keyring") ||
                   section.name == QLatin1String("bootloader")) {
            error = readPaths(section);
        } else if (section.name == QLatin1String("health")) {
            error = readHealth(section);
        } else if (section.name == QLatin1String("network")) {
            error = readNetwork(section);
        } else if (section.name == QLatin1String("hawkbit")) {
            error = readHawkbit(section);
        } else if (section.name.startsWith(QLatin1String("artifacts."))) {
            error = readArtifacts(section);
        } else if (section.name.startsWith(QLatin1String("slot."))) {
            error = readSlot(section);
        } else {
            error = fail("config.unknown-section", section.line, section.name, {},
                         tr("unknown section"));
        }
        if (error) {
            return *error;
        }
    }

    for (const char *key : {"compatible", "bootloader"}) {
        if (!m_keyLines.contains(QStringLiteral("system/") + QLatin1String(key))) {
            return fail("config.missing-key", 0, QStringLiteral("system"), QLatin1String(key),
                        tr("missing; it is required"));
        }
    }
    if (auto error = checkUpdateSources()) {
        return *error;
    }
    if (auto error = placeArtifactStores()) {
        return *error;
    }
    if (auto error = checkSlots()) {
        return *error;
    }
    if (auto error = checkFiles()) {
        return *error;
    }
    return m_config;
}

} // namespace config_detail

Result<SystemConfig> SystemConfig::load(const QString &path)
{
    return config_detail::Loader(path).run();
}

} // namespace seesaw
