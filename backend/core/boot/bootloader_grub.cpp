// GRUB through its environment block file (grubenv), with the variables of the grub.cfg RAUC
// documents (docs/bootloader-grub.md):
//   ORDER="A B"   bootnames in the order grub.cfg tries them
//   A_OK=1        the slot may be booted at all
//   A_TRY=0       grub.cfg boots a slot with OK=1 and TRY=0 and sets TRY=1 before doing so;
//                 when every OK slot has TRY=1 it starts over with the first OK one
// That scheme has exactly one attempt per arming: setPrimary(S, n) with n > 1 cannot be
// expressed and arms S for a single try. The block is rebuilt in memory with unknown variables
// and comments kept, and replaces the file in one rename.
#include "base/hostilestring.h"
#include "boot/bootloader_backends.h"

#include <QFile>
#include <QList>

namespace seesaw::bootloader_detail {

namespace {

constexpr qsizetype BlockSize = 1024;
constexpr char Header[] = "# GRUB Environment Block\n";

QByteArray okVariable(const QString &bootname)
{
    return bootname.toLatin1() + QByteArrayLiteral("_OK");
}

QByteArray tryVariable(const QString &bootname)
{
    return bootname.toLatin1() + QByteArrayLiteral("_TRY");
}

// grub-editenv escapes '\' and newline with a backslash.
QByteArray escaped(const QByteArray &value)
{
    QByteArray out;
    for (const char c : value) {
        if (c == '\\' || c == '\n') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

QByteArray unescaped(QByteArrayView value)
{
    QByteArray out;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) {
            ++i;
        }
        out += value[i];
    }
    return out;
}

class EnvBlock {
public:
    static Result<EnvBlock> read(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            return ioError(tr("Cannot read the GRUB environment %1: %2.")
                               .arg(displayString(path, 200), file.errorString()));
        }
        const QByteArray data = file.read(BlockSize + 1);
        if (file.error() != QFileDevice::NoError) {
            return ioError(tr("Cannot read the GRUB environment %1: %2.")
                               .arg(displayString(path, 200), file.errorString()));
        }
        return parse(data, path);
    }

    static Result<EnvBlock> parse(const QByteArray &data, const QString &path)
    {
        const auto corrupt = [&path](const QString &what) {
            return corruptError(
                tr("The GRUB environment %1 is damaged: %2.").arg(displayString(path, 200), what));
        };
        if (data.size() != BlockSize) {
            return corrupt(tr("it has %1 bytes instead of %2")
                               .arg(QString::number(data.size()), QString::number(BlockSize)));
        }
        if (!data.startsWith(Header)) {
            return corrupt(tr("the header line is missing"));
        }

        EnvBlock block;
        auto pos = qsizetype(sizeof(Header) - 1);
        int lineNumber = 1;
        while (pos < data.size()) {
            ++lineNumber;
            // The rest of the block is padding once only '#' follows.
            const qsizetype end = data.size();
            qsizetype i = pos;
            while (i < end && data[i] == '#') {
                ++i;
            }
            if (i == end) {
                break;
            }

            const bool comment = data[pos] == '#';
            for (i = pos; i < end && data[i] != '\n'; ++i) {
                if (data[i] == '\0') {
                    return corrupt(tr("line %1 contains a NUL byte").arg(lineNumber));
                }
                if (data[i] == '\\' && !comment) {
                    ++i; // escaped character, possibly a newline
                }
            }
            if (i >= end) {
                return corrupt(tr("line %1 is not terminated").arg(lineNumber));
            }
            Line line;
            line.raw = data.mid(pos, i - pos);
            pos = i + 1;
            if (!comment) {
                const qsizetype eq = line.raw.indexOf('=');
                if (eq <= 0) {
                    return corrupt(tr("line %1 is not NAME=VALUE").arg(lineNumber));
                }
                line.name = line.raw.left(eq);
                line.value = unescaped(QByteArrayView(line.raw).sliced(eq + 1));
            }
            block.m_lines.append(line);
        }
        return block;
    }

    [[nodiscard]] std::optional<QByteArray> get(const QByteArray &name) const
    {
        for (const Line &line : m_lines) {
            if (!line.name.isEmpty() && line.name == name) {
                return line.value;
            }
        }
        return std::nullopt;
    }

    void set(const QByteArray &name, const QByteArray &value)
    {
        Line replacement{name + '=' + escaped(value), name, value};
        for (Line &line : m_lines) {
            if (line.name == name) {
                line = replacement;
                return;
            }
        }
        m_lines.append(replacement);
    }

    Result<QByteArray> serialize(const QString &path) const
    {
        QByteArray out(Header);
        for (const Line &line : m_lines) {
            out += line.raw + '\n';
        }
        if (out.size() > BlockSize) {
            return ioError(tr("The GRUB environment %1 has no room left (%2 of %3 bytes).")
                               .arg(displayString(path, 200), QString::number(out.size()),
                                    QString::number(BlockSize)));
        }
        out.append(BlockSize - out.size(), '#');
        return out;
    }

    // A flag variable must be exactly "0" or "1".
    Result<bool> flag(const QByteArray &name, const QString &path) const
    {
        const auto value = get(name);
        if (!value) {
            return corruptError(tr("The GRUB variable %1 is not set in %2.")
                                    .arg(QString::fromLatin1(name), displayString(path, 200)));
        }
        if (*value != "0" && *value != "1") {
            return corruptError(tr("The GRUB variable %1 is \"%2\", not 0 or 1.")
                                    .arg(QString::fromLatin1(name), displayBytes(*value)));
        }
        return *value == "1";
    }

private:
    struct Line {
        QByteArray raw;   // as stored, without the newline
        QByteArray name;  // empty for a comment
        QByteArray value; // unescaped
    };
    QList<Line> m_lines;
};

} // namespace

GrubBackend::GrubBackend(QStringList bootnames, int bootAttempts, QString grubenv)
    : BackendBase(std::move(bootnames), bootAttempts), m_path(std::move(grubenv))
{}

Result<QString> GrubBackend::primary()
{
    const auto block = EnvBlock::read(m_path);
    if (!block) {
        return block.error();
    }
    const auto order = block->get(QByteArrayLiteral("ORDER"));
    if (!order) {
        return corruptError(
            tr("The GRUB variable ORDER is not set in %1.").arg(displayString(m_path, 200)));
    }
    const QStringList names =
        QString::fromLatin1(*order).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString firstOk;
    for (const QString &name : names) {
        if (!m_bootnames.contains(name)) {
            continue; // grub.cfg has no menu entry for it
        }
        const auto ok = block->flag(okVariable(name), m_path);
        if (!ok) {
            return ok.error();
        }
        const auto tried = block->flag(tryVariable(name), m_path);
        if (!tried) {
            return tried.error();
        }
        if (*ok && !*tried) {
            return name;
        }
        if (*ok && firstOk.isEmpty()) {
            firstOk = name;
        }
    }
    // Every OK slot has been tried: the documented grub.cfg starts over with the first of them.
    if (!firstOk.isEmpty()) {
        return firstOk;
    }
    return noBootableSlotError(
        tr("No slot in the GRUB ORDER \"%1\" has OK=1.").arg(displayBytes(*order)));
}

Status GrubBackend::setPrimary(const QString &bootname, int attempts)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked;
    }
    if (auto checked = checkAttempts(attempts); !checked) {
        return checked;
    }
    auto block = EnvBlock::read(m_path);
    if (!block) {
        return block.error();
    }

    QStringList previous;
    if (const auto order = block->get(QByteArrayLiteral("ORDER"))) {
        previous = QString::fromLatin1(*order).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    // Garbage in the other slots' flags is reported, not overwritten.
    for (const QString &other : m_bootnames) {
        for (const QByteArray &variable : {okVariable(other), tryVariable(other)}) {
            if (other == bootname || !block->get(variable)) {
                continue;
            }
            if (auto value = block->flag(variable, m_path); !value) {
                return value.error();
            }
        }
    }
    block->set(QByteArrayLiteral("ORDER"),
               orderWithFirst(previous, bootname, m_bootnames).join(QLatin1Char(' ')).toLatin1());
    block->set(okVariable(bootname), QByteArrayLiteral("1"));
    block->set(tryVariable(bootname), QByteArrayLiteral("0"));
    // Slots without flags are the ones we fall back to: they get OK=1, TRY=0 (grub.cfg would
    // default them to OK=0 and leave nothing to fall back to).
    for (const QString &other : m_bootnames) {
        if (!block->get(okVariable(other))) {
            block->set(okVariable(other), QByteArrayLiteral("1"));
        }
        if (!block->get(tryVariable(other))) {
            block->set(tryVariable(other), QByteArrayLiteral("0"));
        }
    }
    const auto data = block->serialize(m_path);
    if (!data) {
        return data.error();
    }
    return writeFileAtomically(m_path, *data);
}

Status GrubBackend::setFlags(const QString &bootname, bool ok)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked;
    }
    auto block = EnvBlock::read(m_path);
    if (!block) {
        return block.error();
    }
    const QByteArray okValue = ok ? QByteArrayLiteral("1") : QByteArrayLiteral("0");
    // Marking twice (a fall-back recorded again after a power cut) writes once.
    if (block->get(okVariable(bootname)) == okValue && block->get(tryVariable(bootname)) == "0") {
        return Ok{};
    }
    block->set(okVariable(bootname), okValue);
    block->set(tryVariable(bootname), QByteArrayLiteral("0"));
    const auto data = block->serialize(m_path);
    if (!data) {
        return data.error();
    }
    return writeFileAtomically(m_path, *data);
}

Status GrubBackend::markGood(const QString &bootname)
{
    return setFlags(bootname, true);
}

Status GrubBackend::markBad(const QString &bootname)
{
    return setFlags(bootname, false);
}

Result<BootSlotState> GrubBackend::state(const QString &bootname)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked.error();
    }
    const auto block = EnvBlock::read(m_path);
    if (!block) {
        return block.error();
    }
    const auto ok = block->flag(okVariable(bootname), m_path);
    if (!ok) {
        return ok.error();
    }
    const auto tried = block->flag(tryVariable(bootname), m_path);
    if (!tried) {
        return tried.error();
    }
    return BootSlotState{!*ok, (*ok && !*tried) ? 1 : 0};
}

} // namespace seesaw::bootloader_detail
