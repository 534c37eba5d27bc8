#include "device/slots.h"

#include "base/hostilestring.h"
#include "base/smallfile.h"
#include "base/unique_fd.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <linux/fs.h>
#include <optional>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace seesaw {

namespace {

// The kernel's own limit is a few KiB; a larger "command line" is not one.
constexpr qsizetype MaxCmdlineBytes = qsizetype(64) * 1024;
// Thousands of mounts fit easily; this only stops an endless or hostile file.
constexpr qsizetype MaxMountinfoBytes = qsizetype(16) * 1024 * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Slots", text);
}

bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') ||
           c == QLatin1Char('\r');
}

// Splits like the kernel does: blanks separate arguments, double quotes group blanks into one
// argument and are themselves dropped (root="PARTLABEL=my root" is one argument).
QStringList tokenize(const QString &cmdline)
{
    QStringList tokens;
    QString current;
    bool inQuotes = false;
    bool inToken = false;
    for (const QChar c : cmdline) {
        if (c == QLatin1Char('"')) {
            inQuotes = !inQuotes;
            inToken = true;
        } else if (!inQuotes && isBlank(c)) {
            if (inToken) {
                tokens.append(current);
            }
            current.clear();
            inToken = false;
        } else {
            current += c;
            inToken = true;
        }
    }
    if (inToken) {
        tokens.append(current);
    }
    return tokens;
}

QString canonicalOr(const QString &path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(path) : canonical;
}

std::optional<struct stat> statPath(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
        return std::nullopt;
    }
    return st;
}

// Same file through any symlink, or two device nodes for one block device.
bool sameDevice(const QString &a, const QString &b)
{
    if (canonicalOr(a) == canonicalOr(b)) {
        return true;
    }
    const auto sa = statPath(a);
    const auto sb = statPath(b);
    return sa && sb && S_ISBLK(sa->st_mode) && S_ISBLK(sb->st_mode) && sa->st_rdev == sb->st_rdev;
}

bool isPlainName(const QString &name)
{
    return !name.isEmpty() && !name.contains(QLatin1Char('/')) && name != QLatin1String(".") &&
           name != QLatin1String("..");
}

// udev names by-partlabel links with blkid's safe encoding: ASCII outside this set becomes
// \xNN, valid UTF-8 stays as it is.
QString udevEncode(const QString &name)
{
    static const QByteArray allowed("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                    "#+-.:=@_");
    QByteArray out;
    for (const char byte : name.toUtf8()) {
        const auto u = static_cast<unsigned char>(byte);
        if (u >= 0x80 || allowed.contains(byte)) {
            out += byte;
        } else {
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
        }
    }
    return QString::fromUtf8(out);
}

// A link in /dev/disk/by-partuuid or by-partlabel, or an empty string.
QString findDiskLink(const QString &directory, const QString &name, Qt::CaseSensitivity cs)
{
    if (!isPlainName(name)) {
        return {};
    }
    QString direct = directory + QLatin1Char('/') + name;
    if (QFileInfo::exists(direct)) {
        return direct;
    }
    if (cs == Qt::CaseSensitive) {
        return {};
    }
    // udev writes PARTUUIDs in lower case; the kernel accepts either on the command line.
    const QStringList entries =
        QDir(directory).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        if (entry.compare(name, Qt::CaseInsensitive) == 0) {
            return directory + QLatin1Char('/') + entry;
        }
    }
    return {};
}

QString resolveRoot(const QString &root, const QString &devDiskDirectory)
{
    const QLatin1String partuuid("PARTUUID=");
    const QLatin1String partlabel("PARTLABEL=");
    if (root.startsWith(partuuid)) {
        return findDiskLink(devDiskDirectory + QStringLiteral("/by-partuuid"),
                            root.mid(partuuid.size()), Qt::CaseInsensitive);
    }
    if (root.startsWith(partlabel)) {
        const QString label = root.mid(partlabel.size());
        const QString directory = devDiskDirectory + QStringLiteral("/by-partlabel");
        const QString link = findDiskLink(directory, label, Qt::CaseSensitive);
        return link.isEmpty() ? findDiskLink(directory, udevEncode(label), Qt::CaseSensitive)
                              : link;
    }
    if (root.startsWith(QLatin1Char('/'))) {
        return root;
    }
    return {};
}

Error bootedUnknown(const QString &message)
{
    return makeError(Error::Kind::Invalid, "slots.booted-unknown", message);
}

QString quoted(const QString &value)
{
    return QLatin1Char('\'') + displayString(value, 256) + QLatin1Char('\'');
}

// --- mountinfo -------------------------------------------------------------------------------

struct Mount {
    QByteArray majorMinor; // "8:2"
    QString source;        // "/dev/sda2", octal escapes decoded
};

// mountinfo writes space, tab, newline and backslash in paths as \ooo.
QByteArray unescapeOctal(const QByteArray &field)
{
    QByteArray out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        const auto isOctal = [&](qsizetype k) {
            return k < field.size() && field.at(k) >= '0' && field.at(k) <= '7';
        };
        if (field.at(i) == '\\' && isOctal(i + 1) && isOctal(i + 2) && isOctal(i + 3)) {
            const int value = (field.at(i + 1) - '0') * 64 + (field.at(i + 2) - '0') * 8 +
                              (field.at(i + 3) - '0');
            out += char(value & 0xff);
            i += 3;
        } else {
            out += field.at(i);
        }
    }
    return out;
}

// Format (proc(5)): ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE
// SUPEROPTIONS. The optional fields vary in number, so the source is found after the "-".
std::optional<QList<Mount>> readMountinfo(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    QByteArray data;
    while (true) {
        const QByteArray chunk = file.read(qint64(64) * 1024);
        if (chunk.isEmpty()) {
            break;
        }
        data += chunk;
        if (data.size() > MaxMountinfoBytes) {
            return std::nullopt;
        }
    }
    if (file.error() != QFileDevice::NoError) {
        return std::nullopt;
    }

    QList<Mount> mounts;
    for (const QByteArray &line : data.split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        qsizetype separator = -1;
        for (qsizetype i = 6; i < fields.size(); ++i) {
            if (fields.at(i) == "-") {
                separator = i;
                break;
            }
        }
        if (separator < 0 || separator + 2 >= fields.size()) {
            continue;
        }
        mounts.append(
            Mount{fields.at(2), QFile::decodeName(unescapeOctal(fields.at(separator + 2)))});
    }
    return mounts;
}

QByteArray majorMinor(dev_t device)
{
    return QByteArray::number(::major(device)) + ':' + QByteArray::number(::minor(device));
}

// A whole block device and its partitions, from its sysfs directory: a disk with a mounted
// partition is as busy as the partition itself.
void addBlockDevice(const QString &sysDirectory, QSet<QByteArray> *numbers, QSet<QString> *paths)
{
    const QString name = QFileInfo(QFileInfo(sysDirectory).canonicalFilePath()).fileName();
    if (name.isEmpty()) {
        return;
    }
    QStringList names{name};
    for (const QString &child : QDir(sysDirectory).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (QFileInfo::exists(sysDirectory + QLatin1Char('/') + child +
                              QStringLiteral("/partition"))) {
            names.append(child);
        }
    }
    for (const QString &device : std::as_const(names)) {
        const QString dir =
            device == name ? sysDirectory : sysDirectory + QLatin1Char('/') + device;
        const QByteArray number = readSmallFile(dir + QStringLiteral("/dev"));
        if (!number.isEmpty()) {
            numbers->insert(number);
        }
        paths->insert(QStringLiteral("/dev/") + device);
    }
}

// Loop devices whose backing file is `image`, with their partitions.
void addLoopDevices(const QString &image, QSet<QByteArray> *numbers, QSet<QString> *paths)
{
    const QDir sysBlock(QStringLiteral("/sys/block"));
    const QStringList loops =
        sysBlock.entryList({QStringLiteral("loop*")}, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &loop : loops) {
        const QString dir = sysBlock.filePath(loop);
        const QByteArray backing = readSmallFile(dir + QStringLiteral("/loop/backing_file"));
        if (!backing.isEmpty() && QFile::decodeName(backing) == image) {
            addBlockDevice(dir, numbers, paths);
        }
    }
}

} // namespace

Result<SlotConfig> bootedSlot(const SystemConfig &config, const QString &cmdline,
                              const QString &devDiskDirectory)
{
    std::optional<QString> seesawSlot;
    std::optional<QString> raucSlot;
    std::optional<QString> root;
    // A later duplicate wins, as it does for the kernel's own root=. Arguments after "--" are
    // init's, not the kernel's.
    for (const QString &token : tokenize(cmdline)) {
        if (token == QLatin1String("--")) {
            break;
        }
        const qsizetype equals = token.indexOf(QLatin1Char('='));
        if (equals < 0) {
            continue;
        }
        const QStringView key = QStringView(token).left(equals);
        const QString value = token.mid(equals + 1);
        if (key == QLatin1String("seesaw.slot")) {
            seesawSlot = value;
        } else if (key == QLatin1String("rauc.slot")) {
            raucSlot = value;
        } else if (key == QLatin1String("root")) {
            root = value;
        }
    }

    const QString bootClass = config.bootClass();
    if (bootClass.isEmpty()) {
        return bootedUnknown(tr("No slot class has bootnames, so the booted slot is unknown."));
    }

    if (seesawSlot || raucSlot) {
        const QString &bootname = seesawSlot ? *seesawSlot : *raucSlot;
        const QLatin1String parameter(seesawSlot ? "seesaw.slot" : "rauc.slot");
        const SlotConfig *slot = config.slotByBootname(bootname);
        if ((slot == nullptr) || slot->slotClass != bootClass) {
            return bootedUnknown(tr("The kernel command line says %1=%2, but no slot of class %3 "
                                    "has that bootname.")
                                     .arg(parameter, quoted(bootname), bootClass));
        }
        return *slot;
    }

    if (!root) {
        return bootedUnknown(tr("The booted slot is unknown: the kernel command line has no "
                                "seesaw.slot=, rauc.slot= or root= argument."));
    }
    const QString device = resolveRoot(*root, devDiskDirectory);
    if (!device.isEmpty()) {
        for (int index = 0; index < 2; ++index) {
            const SlotConfig *slot = config.slot(bootClass, index);
            if ((slot != nullptr) && sameDevice(device, slot->device)) {
                return *slot;
            }
        }
    }
    return bootedUnknown(tr("The booted slot is unknown: the kernel command line's root=%1 is "
                            "not a device of slot class %2.")
                             .arg(quoted(*root), bootClass));
}

Result<SlotConfig> bootedSlot(const SystemConfig &config)
{
    QFile file(config.cmdlinePath);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(Error::Kind::Io, "slots.cmdline-unreadable",
                         tr("Cannot read the kernel command line from %1: %2")
                             .arg(config.cmdlinePath, file.errorString()));
    }
    const QByteArray data = file.read(MaxCmdlineBytes + 1);
    if (data.size() > MaxCmdlineBytes) {
        return makeError(Error::Kind::Invalid, "slots.cmdline-unreadable",
                         tr("The kernel command line in %1 is larger than %2 bytes.")
                             .arg(config.cmdlinePath, QString::number(MaxCmdlineBytes)));
    }
    return bootedSlot(config, QString::fromUtf8(data));
}

const SlotConfig *otherSlot(const SystemConfig &config, const SlotConfig &slot)
{
    return config.slot(slot.slotClass, slot.index == 0 ? 1 : 0);
}

bool isMounted(const QString &device, const QString &mountinfoPath)
{
    const auto mounts = readMountinfo(mountinfoPath);
    // Unknown is not "free": a caller about to write the device must refuse.
    if (!mounts) {
        return true;
    }

    QSet<QByteArray> numbers;
    QSet<QString> paths{QDir::cleanPath(device), canonicalOr(device)};
    if (const auto st = statPath(device)) {
        if (S_ISBLK(st->st_mode)) {
            const QByteArray number = majorMinor(st->st_rdev);
            numbers.insert(number);
            addBlockDevice(QStringLiteral("/sys/dev/block/") + QLatin1String(number), &numbers,
                           &paths);
        } else if (S_ISREG(st->st_mode)) {
            addLoopDevices(canonicalOr(device), &numbers, &paths);
        }
    }
    return std::any_of(mounts->cbegin(), mounts->cend(), [&](const Mount &mount) {
        return numbers.contains(mount.majorMinor) || paths.contains(mount.source) ||
               (mount.source.startsWith(QLatin1Char('/')) &&
                paths.contains(canonicalOr(mount.source)));
    });
}

Result<quint64> deviceSize(const QString &device)
{
    // O_NONBLOCK: opening a FIFO named by mistake must not hang.
    const UniqueFd fd(::open(QFile::encodeName(device).constData(),
                             O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd.isValid()) {
        return makeError(Error::Kind::Io, "slots.device-unreadable",
                         tr("Cannot open %1: %2").arg(device, qt_error_string(errno)));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return makeError(Error::Kind::Io, "slots.device-unreadable",
                         tr("Cannot examine %1: %2").arg(device, qt_error_string(errno)));
    }
    if (S_ISREG(st.st_mode)) {
        return quint64(st.st_size);
    }
    if (!S_ISBLK(st.st_mode)) {
        return makeError(Error::Kind::Invalid, "slots.not-a-device",
                         tr("%1 is neither a block device nor a regular file.").arg(device));
    }
    std::uint64_t size = 0;
    if (::ioctl(fd.get(), BLKGETSIZE64, &size) != 0) {
        return makeError(Error::Kind::Io, "slots.device-unreadable",
                         tr("Cannot read the size of %1: %2").arg(device, qt_error_string(errno)));
    }
    return quint64(size);
}

} // namespace seesaw
