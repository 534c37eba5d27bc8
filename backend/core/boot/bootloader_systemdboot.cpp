// systemd-boot with Boot Loader Specification boot counting. Each bootname S owns exactly one
// entry file in ESP/loader/entries:
//   seesaw-S.conf              good, not counting
//   seesaw-S+LEFT[-DONE].conf  counting; systemd-boot renames it to +(LEFT-1)-(DONE+1) before
//                              each attempt; +0 is bad and sorts last
// The primary slot is chosen by ESP/loader/loader.conf's `default` glob. systemd-boot matches
// it against the whole file name, counter included, and picks a matching entry even when its
// counter is +0. So the glob is written as `seesaw-S[.+][c1-9]*`: it matches `seesaw-S.conf`
// and `seesaw-S+3-0.conf` but not `seesaw-S+0-3.conf`; once S is used up nothing matches and
// systemd-boot falls back to its first entry, which is a non-bad one because bad entries sort
// last. (A default chosen in the boot menu, the LoaderEntryDefault EFI variable, overrides
// loader.conf; Seesaw does not touch EFI variables.)
#include "base/hostilestring.h"
#include "boot/bootloader_backends.h"

#include <QDir>
#include <QFile>
#include <QHash>

namespace seesaw::bootloader_detail {

namespace {

const QLatin1String EntryPrefix("seesaw-");
const QLatin1String EntrySuffix(".conf");

struct Entry {
    QString file;  // name inside loader/entries
    int left = -1; // -1: not counting
    int done = -1; // -1: no DONE part
    [[nodiscard]] bool bad() const { return left == 0; }
};

QString entryFileName(const QString &bootname, int left, int done)
{
    QString name = EntryPrefix + bootname;
    if (left >= 0) {
        name += QLatin1Char('+') + QString::number(left);
        if (done >= 0) {
            name += QLatin1Char('-') + QString::number(done);
        }
    }
    return name + EntrySuffix;
}

// Parses "+LEFT" or "+LEFT-DONE" (or nothing) into entry.
bool parseEntryCounter(QStringView counter, Entry &entry)
{
    if (counter.isEmpty()) {
        return true;
    }
    if (!counter.startsWith(QLatin1Char('+'))) {
        return false;
    }
    counter = counter.sliced(1);
    const qsizetype dash = counter.indexOf(QLatin1Char('-'));
    const auto left = parseCounter(counter.left(dash).toLatin1());
    if (!left) {
        return false;
    }
    entry.left = *left;
    if (dash >= 0) {
        const auto done = parseCounter(counter.sliced(dash + 1).toLatin1());
        if (!done) {
            return false;
        }
        entry.done = *done;
    }
    return true;
}

class EspState {
public:
    explicit EspState(const QString &esp)
        : m_entries(esp + QStringLiteral("/loader/entries")),
          m_loaderConf(esp + QStringLiteral("/loader/loader.conf"))
    {}

    // Finds the one entry file of every bootname; anything missing, doubled or unparsable is
    // corruption.
    Status scan(const QStringList &bootnames)
    {
        const QDir dir(m_entries);
        if (!dir.exists()) {
            return corruptError(tr("The boot entry directory %1 does not exist.")
                                    .arg(displayString(m_entries, 200)));
        }
        const QString filter = EntryPrefix + QStringLiteral("*") + EntrySuffix;
        const QStringList files = dir.entryList(
            QStringList{filter}, QDir::Files | QDir::Hidden | QDir::CaseSensitive, QDir::Name);
        for (const QString &file : files) {
            const QStringView stem = QStringView(file).sliced(
                EntryPrefix.size(), file.size() - EntryPrefix.size() - EntrySuffix.size());
            const qsizetype plus = stem.indexOf(QLatin1Char('+'));
            const QString bootname = stem.left(plus).toString();
            if (!bootnames.contains(bootname)) {
                continue; // another bootname or a foreign entry
            }
            Entry entry;
            entry.file = file;
            if (!parseEntryCounter(plus < 0 ? QStringView() : stem.sliced(plus), entry)) {
                return corruptError(
                    tr("The boot entry %1 has a malformed boot counter.").arg(displayString(file)));
            }
            if (m_byName.contains(bootname)) {
                return corruptError(tr("Slot %1 has two boot entries: %2 and %3.")
                                        .arg(bootname, displayString(m_byName.value(bootname).file),
                                             displayString(file)));
            }
            m_byName.insert(bootname, entry);
        }
        for (const QString &bootname : bootnames) {
            if (!m_byName.contains(bootname)) {
                return corruptError(tr("The boot entry %1 for slot %2 is missing.")
                                        .arg(displayString(m_entries + QLatin1Char('/') +
                                                               entryFileName(bootname, -1, -1),
                                                           200),
                                             bootname));
            }
        }
        return Ok{};
    }

    [[nodiscard]] const Entry &entry(const QString &bootname) const
    {
        return *m_byName.constFind(bootname);
    }

    // Renames bootname's entry (no-op when the name does not change) and syncs the directory.
    Status rename(const QString &bootname, int left, int done)
    {
        Entry &entry = m_byName[bootname];
        const QString target = entryFileName(bootname, left, done);
        if (target == entry.file) {
            return Ok{};
        }
        auto renamed = renameDurably(m_entries + QLatin1Char('/') + entry.file,
                                     m_entries + QLatin1Char('/') + target);
        if (!renamed) {
            return renamed;
        }
        entry = Entry{target, left, done};
        return Ok{};
    }

    // The slot loader.conf's `default` line selects, when it is one of our patterns.
    Result<QString> defaultSlot(const QStringList &bootnames) const
    {
        QFile file(m_loaderConf);
        if (!file.open(QIODevice::ReadOnly)) {
            return corruptError(tr("Cannot read %1: %2.")
                                    .arg(displayString(m_loaderConf, 200), file.errorString()));
        }
        const QList<QByteArray> lines = file.readAll().split('\n');
        std::optional<QByteArray> value; // systemd-boot lets the last `default` win
        for (const QByteArray &line : lines) {
            const QByteArray trimmed = line.trimmed();
            if (trimmed.startsWith("default ") || trimmed.startsWith("default\t")) {
                value = trimmed.mid(8).trimmed();
            }
        }
        if (!value) {
            return corruptError(
                tr("%1 has no default line.").arg(displayString(m_loaderConf, 200)));
        }
        for (const QString &bootname : bootnames) {
            if (*value == SystemdBootBackend::defaultPattern(bootname).toLatin1()) {
                return bootname;
            }
        }
        return corruptError(tr("The default \"%1\" in %2 does not select a Seesaw slot.")
                                .arg(displayBytes(*value), displayString(m_loaderConf, 200)));
    }

    // Rewrites loader.conf with `default` selecting bootname, keeping every other line.
    [[nodiscard]] Status writeDefault(const QString &bootname) const
    {
        QByteArray content;
        QFile file(m_loaderConf);
        if (file.exists()) {
            if (!file.open(QIODevice::ReadOnly)) {
                return ioError(tr("Cannot read %1: %2.")
                                   .arg(displayString(m_loaderConf, 200), file.errorString()));
            }
            content = file.readAll();
        }
        const QByteArray line =
            QByteArrayLiteral("default ") + SystemdBootBackend::defaultPattern(bootname).toLatin1();
        QList<QByteArray> lines = content.split('\n');
        if (!lines.isEmpty() && lines.last().isEmpty()) {
            lines.removeLast();
        }
        bool replaced = false;
        for (qsizetype i = 0; i < lines.size();) {
            const QByteArray trimmed = lines[i].trimmed();
            if (trimmed.startsWith("default ") || trimmed.startsWith("default\t")) {
                if (replaced) {
                    lines.removeAt(i);
                    continue;
                }
                lines[i] = line;
                replaced = true;
            }
            ++i;
        }
        if (!replaced) {
            lines.append(line);
        }
        return writeFileAtomically(m_loaderConf, lines.join('\n') + '\n');
    }

private:
    QString m_entries;
    QString m_loaderConf;
    QHash<QString, Entry> m_byName;
};

} // namespace

SystemdBootBackend::SystemdBootBackend(QStringList bootnames, int bootAttempts, QString esp)
    : BackendBase(std::move(bootnames), bootAttempts), m_esp(std::move(esp))
{}

QString SystemdBootBackend::defaultPattern(const QString &bootname)
{
    return EntryPrefix + bootname + QStringLiteral("[.+][c1-9]*");
}

Result<QString> SystemdBootBackend::primary()
{
    EspState esp(m_esp);
    if (auto scanned = esp.scan(m_bootnames); !scanned) {
        return scanned.error();
    }
    auto chosen = esp.defaultSlot(m_bootnames);
    if (!chosen) {
        return chosen;
    }
    if (!esp.entry(*chosen).bad()) {
        return chosen;
    }
    for (const QString &other : m_bootnames) {
        if (!esp.entry(other).bad()) {
            return other;
        }
    }
    return noBootableSlotError(tr("Every boot entry has used up its boot counter (+0)."));
}

Status SystemdBootBackend::setPrimary(const QString &bootname, int attempts)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked;
    }
    if (auto checked = checkAttempts(attempts); !checked) {
        return checked;
    }
    EspState esp(m_esp);
    if (auto scanned = esp.scan(m_bootnames); !scanned) {
        return scanned;
    }
    // Arm the counter first; until loader.conf names the slot, nothing boots it. The
    // loader.conf replacement is the commit point.
    if (auto renamed = esp.rename(bootname, attempts, -1); !renamed) {
        return renamed;
    }
    return esp.writeDefault(bootname);
}

Status SystemdBootBackend::markGood(const QString &bootname)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked;
    }
    EspState esp(m_esp);
    if (auto scanned = esp.scan(m_bootnames); !scanned) {
        return scanned;
    }
    // What systemd-bless-boot does: drop the counter.
    return esp.rename(bootname, -1, -1);
}

Status SystemdBootBackend::markBad(const QString &bootname)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked;
    }
    EspState esp(m_esp);
    if (auto scanned = esp.scan(m_bootnames); !scanned) {
        return scanned;
    }
    return esp.rename(bootname, 0, esp.entry(bootname).done);
}

Result<BootSlotState> SystemdBootBackend::state(const QString &bootname)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked.error();
    }
    EspState esp(m_esp);
    if (auto scanned = esp.scan(m_bootnames); !scanned) {
        return scanned.error();
    }
    const Entry &entry = esp.entry(bootname);
    return BootSlotState{entry.bad(), entry.left};
}

} // namespace seesaw::bootloader_detail
