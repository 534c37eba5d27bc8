#include "state/statejson.h"

#include "base/hostilestring.h"
#include "base/jsontext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>

namespace seesaw {

namespace {

constexpr quint64 StateFormat = 1;
constexpr quint64 MaxJsonInteger = json::MaxExactInteger;
constexpr qsizetype HashBytes = 32;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::StateStore", text);
}

const std::pair<SlotRecord::Status, const char *> StatusNames[] = {
    {SlotRecord::Status::Unknown, "unknown"},
    {SlotRecord::Status::Installing, "installing"},
    {SlotRecord::Status::Installed, "installed"},
    {SlotRecord::Status::Good, "good"},
    {SlotRecord::Status::Bad, "bad"},
};

const std::pair<LastResult::Outcome, const char *> OutcomeNames[] = {
    {LastResult::Outcome::None, "none"},
    {LastResult::Outcome::Installed, "installed"},
    {LastResult::Outcome::Failed, "failed"},
    {LastResult::Outcome::Good, "good"},
    {LastResult::Outcome::HealthFailed, "health-failed"},
    {LastResult::Outcome::RolledBack, "rolled-back"},
    {LastResult::Outcome::BootFailed, "boot-failed"},
    {LastResult::Outcome::Interrupted, "interrupted"},
};

const std::pair<PendingTransaction::Kind, const char *> KindNames[] = {
    {PendingTransaction::Kind::Install, "install"},
    {PendingTransaction::Kind::Rollback, "rollback"},
};

template <typename E, std::size_t N>
QString nameOf(const std::pair<E, const char *> (&names)[N], E value)
{
    const auto it = std::find_if(std::begin(names), std::end(names),
                                 [value](const auto &entry) { return entry.first == value; });
    return it == std::end(names) ? QString() : QString::fromLatin1(it->second);
}

// ---- Writing ----

// Compact JSON of one value (QJsonDocument only serialises objects and arrays).
QByteArray encode(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

// An object with its members in the documented order; QJsonObject would sort them, and people
// read this file when a device misbehaves.
class ObjectWriter {
public:
    ObjectWriter &raw(const QString &key, const QByteArray &encoded)
    {
        m_out += m_out.isEmpty() ? '{' : ',';
        m_out += encode(key) + ':' + encoded;
        return *this;
    }
    ObjectWriter &value(const char *key, const QJsonValue &v)
    {
        return raw(QString::fromLatin1(key), encode(v));
    }
    [[nodiscard]] QByteArray finish() const
    {
        return m_out.isEmpty() ? QByteArray("{}") : m_out + '}';
    }

private:
    QByteArray m_out;
};

QJsonValue timeValue(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QByteArray encodeSlot(const SlotRecord &slot)
{
    return ObjectWriter()
        .value("status", nameOf(StatusNames, slot.status))
        .value("version", slot.version)
        .value("manifest_sha256", toHex(slot.manifestHash))
        .value("image_sha256", toHex(slot.imageSha256))
        .value("compatible", slot.bundleCompatible)
        .value("installed_at", timeValue(slot.installedAt))
        .value("image_size", double(slot.imageSize))
        .value("booted_good", slot.bootedGood)
        .finish();
}

QByteArray encodePending(const PendingTransaction &p)
{
    return ObjectWriter()
        .value("kind", nameOf(KindNames, p.kind))
        .value("id", p.id)
        .value("from_bootname", p.fromBootname)
        .value("to_bootname", p.toBootname)
        .value("from_version", p.fromVersion)
        .value("to_version", p.toVersion)
        .value("manifest_sha256", toHex(p.manifestHash))
        .value("committed_at", timeValue(p.committedAt))
        .value("boot_id", p.bootId)
        .finish();
}

QByteArray encodeInProgress(const InstallInProgress &p)
{
    return ObjectWriter()
        .value("transaction_id", p.transactionId)
        .value("to_bootname", p.toBootname)
        .value("version", p.version)
        .value("boot_id", p.bootId)
        .value("started_at", timeValue(p.startedAt))
        .finish();
}

QByteArray encodeLastResult(const LastResult &r)
{
    return ObjectWriter()
        .value("outcome", nameOf(OutcomeNames, r.outcome))
        .value("transaction_id", r.transactionId)
        .value("version", r.version)
        .value("code", r.code)
        .value("message", r.message)
        .value("at", timeValue(r.at))
        .value("acknowledged", r.acknowledged)
        .value("detail", r.detail)
        .finish();
}

QByteArray encodeStateJson(const DeviceState &state)
{
    ObjectWriter slots;
    for (auto it = state.slots.cbegin(); it != state.slots.cend(); ++it) {
        slots.raw(it.key(), encodeSlot(it.value()));
    }
    ObjectWriter root;
    root.value("format", qint64(StateFormat)).raw(QStringLiteral("slots"), slots.finish());
    if (state.pending) {
        root.raw(QStringLiteral("pending"), encodePending(*state.pending));
    }
    if (state.inProgress) {
        root.raw(QStringLiteral("in_progress"), encodeInProgress(*state.inProgress));
    }
    root.raw(QStringLiteral("last_result"), encodeLastResult(state.lastResult));
    root.raw(QStringLiteral("history"), ObjectWriter()
                                            .value("count", qint64(state.historyCount))
                                            .value("head", toHex(state.historyHead))
                                            .finish());
    return root.finish();
}

// What load() would refuse, caught before it is written.
std::optional<QString> unsavableState(const DeviceState &state)
{
    const auto badHash = [](const QByteArray &h) { return !h.isEmpty() && h.size() != HashBytes; };
    for (auto it = state.slots.cbegin(); it != state.slots.cend(); ++it) {
        if (it.key().isEmpty()) {
            return tr("a slot has an empty name");
        }
        if (badHash(it->manifestHash) || badHash(it->imageSha256)) {
            return tr("slot %1 has a hash that is not 32 bytes").arg(displayString(it.key()));
        }
    }
    if (state.pending && badHash(state.pending->manifestHash)) {
        return tr("the pending transaction's manifest hash is not 32 bytes");
    }
    if (state.historyCount > MaxJsonInteger) {
        return tr("the history count is too large");
    }
    if ((state.historyCount == 0) != state.historyHead.isEmpty() || badHash(state.historyHead)) {
        return tr("the history count and head disagree");
    }
    return std::nullopt;
}

// ---- Reading ----

using json::child;
using json::Node;

// Strict: every field present with its type, nothing unknown, one spelling per value. The first
// problem is kept and named by its path, such as "slots.A.status".
class Parser {
public:
    Result<DeviceState> run(const QByteArray &bytes)
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        if (error.error != QJsonParseError::NoError) {
            return corrupt(tr("not valid JSON (%1 at byte %2)")
                               .arg(error.errorString(), QString::number(error.offset)));
        }
        if (!doc.isObject()) {
            return corrupt(tr("the top level is not an object"));
        }
        DeviceState state;
        if (!root(Node{doc.object(), QString()}, state)) {
            return *m_error;
        }
        return state;
    }

private:
    static Error corrupt(const QString &what)
    {
        return makeError(Error::Kind::Invalid, "state.corrupt",
                         tr("state.json is corrupt: %1.").arg(what));
    }

    bool fail(const Node &n, const QString &what)
    {
        m_error = corrupt(tr("%1: %2").arg(n.path, what));
        return false;
    }

    bool members(const Node &n, std::initializer_list<const char *> required,
                 std::initializer_list<const char *> optional = {})
    {
        if (!n.value.isObject()) {
            return fail(n, n.value.isUndefined() ? tr("missing") : tr("must be an object"));
        }
        const auto known = [](std::initializer_list<const char *> names, const QString &key) {
            return std::any_of(names.begin(), names.end(),
                               [&key](const char *name) { return key == QLatin1String(name); });
        };
        const QStringList keys = n.value.toObject().keys();
        for (const QString &key : keys) {
            if (!known(required, key) && !known(optional, key)) {
                return fail(child(n, displayString(key)), tr("unknown field"));
            }
        }
        for (const char *key : required) {
            if (!keys.contains(QLatin1String(key))) {
                return fail(child(n, key), tr("missing"));
            }
        }
        return true;
    }

    bool string(const Node &n, QString &out)
    {
        if (!n.value.isString()) {
            return fail(n, tr("must be a string"));
        }
        out = n.value.toString();
        return true;
    }

    bool boolean(const Node &n, bool &out)
    {
        if (!n.value.isBool()) {
            return fail(n, tr("must be true or false"));
        }
        out = n.value.toBool();
        return true;
    }

    // toInteger() sees the literal Qt parsed: 9007199254740993 is not taken for 2^53.
    bool count(const Node &n, quint64 max, quint64 &out)
    {
        const double d = n.value.toDouble(-1);
        const qint64 i = n.value.toInteger(-1);
        if (!n.value.isDouble() || !std::isfinite(d) || std::floor(d) != d || i < 0 ||
            quint64(i) > max) {
            return fail(n, tr("must be a whole number from 0 to %1").arg(QString::number(max)));
        }
        out = quint64(i);
        return true;
    }

    // Empty, or 64 lowercase hex digits as toHex() writes them.
    bool hash(const Node &n, QByteArray &out)
    {
        QString text;
        if (!string(n, text)) {
            return false;
        }
        out = text == text.toLower() ? fromHexStrict(text, HashBytes) : QByteArray();
        if (out.isEmpty() && !text.isEmpty()) {
            return fail(n, tr("not a SHA-256 hash"));
        }
        return true;
    }

    // Empty, or UTC with milliseconds exactly as written.
    bool time(const Node &n, QDateTime &out)
    {
        QString text;
        if (!string(n, text)) {
            return false;
        }
        out = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!text.isEmpty() && (!out.isValid() || out.timeSpec() != Qt::UTC ||
                                out.toString(Qt::ISODateWithMs) != text)) {
            return fail(n, tr("not a UTC time such as 2026-11-22T10:00:00.000Z"));
        }
        return true;
    }

    template <typename E, std::size_t N>
    bool enumeration(const Node &n, const std::pair<E, const char *> (&names)[N], E &out)
    {
        QString text;
        if (!string(n, text)) {
            return false;
        }
        const auto it =
            std::find_if(std::begin(names), std::end(names), [&text](const auto &entry) {
                return text == QLatin1String(entry.second);
            });
        if (it == std::end(names)) {
            return fail(n, tr("unknown value \"%1\"").arg(displayString(text)));
        }
        out = it->first;
        return true;
    }

    bool root(const Node &n, DeviceState &state)
    {
        if (!members(n, {"format", "slots", "last_result", "history"},
                     {"pending", "in_progress"})) {
            return false;
        }
        quint64 format = 0;
        if (!count(child(n, "format"), MaxJsonInteger, format)) {
            return false;
        }
        if (format != StateFormat) {
            return fail(child(n, "format"),
                        tr("format %1 is not supported").arg(QString::number(format)));
        }

        const Node slots = child(n, "slots");
        if (!slots.value.isObject()) {
            return fail(slots, tr("must be an object"));
        }
        const QJsonObject slotObject = slots.value.toObject();
        for (auto it = slotObject.begin(); it != slotObject.end(); ++it) {
            const Node s = child(slots, displayString(it.key()));
            if (it.key().isEmpty()) {
                return fail(s, tr("a slot name must not be empty"));
            }
            if (!slot(Node{it.value(), s.path}, state.slots[it.key()])) {
                return false;
            }
        }

        const Node p = child(n, "pending");
        if (!p.value.isUndefined() && !pending(p, state.pending.emplace())) {
            return false;
        }
        const Node ip = child(n, "in_progress");
        if (!ip.value.isUndefined() && !inProgress(ip, state.inProgress.emplace())) {
            return false;
        }
        if (!lastResult(child(n, "last_result"), state.lastResult)) {
            return false;
        }

        const Node h = child(n, "history");
        quint64 historyCount = 0;
        if (!members(h, {"count", "head"}) ||
            !count(child(h, "count"), MaxJsonInteger, historyCount) ||
            !hash(child(h, "head"), state.historyHead)) {
            return false;
        }
        state.historyCount = historyCount;
        if ((state.historyCount == 0) != state.historyHead.isEmpty()) {
            return fail(h, tr("count and head disagree"));
        }
        return true;
    }

    bool slot(const Node &n, SlotRecord &s)
    {
        return members(n,
                       {"status", "version", "manifest_sha256", "image_sha256", "compatible",
                        "installed_at"},
                       {"image_size", "booted_good"}) &&
               enumeration(child(n, "status"), StatusNames, s.status) &&
               string(child(n, "version"), s.version) &&
               hash(child(n, "manifest_sha256"), s.manifestHash) &&
               hash(child(n, "image_sha256"), s.imageSha256) &&
               string(child(n, "compatible"), s.bundleCompatible) &&
               time(child(n, "installed_at"), s.installedAt) &&
               optionalCount(child(n, "image_size"), s.imageSize) &&
               optionalBoolean(child(n, "booted_good"), s.bootedGood);
    }

    bool pending(const Node &n, PendingTransaction &p)
    {
        return members(n,
                       {"id", "from_bootname", "to_bootname", "from_version", "to_version",
                        "manifest_sha256", "committed_at"},
                       {"kind", "boot_id"}) &&
               (child(n, "kind").value.isUndefined() ||
                enumeration(child(n, "kind"), KindNames, p.kind)) &&
               optionalString(child(n, "boot_id"), p.bootId) && string(child(n, "id"), p.id) &&
               string(child(n, "from_bootname"), p.fromBootname) &&
               string(child(n, "to_bootname"), p.toBootname) &&
               string(child(n, "from_version"), p.fromVersion) &&
               string(child(n, "to_version"), p.toVersion) &&
               hash(child(n, "manifest_sha256"), p.manifestHash) &&
               time(child(n, "committed_at"), p.committedAt);
    }

    bool inProgress(const Node &n, InstallInProgress &p)
    {
        return members(n, {"transaction_id", "to_bootname", "version", "boot_id", "started_at"}) &&
               string(child(n, "transaction_id"), p.transactionId) &&
               string(child(n, "to_bootname"), p.toBootname) &&
               string(child(n, "version"), p.version) && string(child(n, "boot_id"), p.bootId) &&
               time(child(n, "started_at"), p.startedAt);
    }

    // Members added after format 1 was first written: absent means the default.
    bool optionalCount(const Node &n, quint64 &out)
    {
        return n.value.isUndefined() || count(n, MaxJsonInteger, out);
    }
    bool optionalBoolean(const Node &n, bool &out)
    {
        return n.value.isUndefined() || boolean(n, out);
    }
    bool optionalString(const Node &n, QString &out)
    {
        return n.value.isUndefined() || string(n, out);
    }

    bool lastResult(const Node &n, LastResult &r)
    {
        return members(n,
                       {"outcome", "transaction_id", "version", "code", "message", "at",
                        "acknowledged"},
                       {"detail"}) &&
               optionalString(child(n, "detail"), r.detail) &&
               enumeration(child(n, "outcome"), OutcomeNames, r.outcome) &&
               string(child(n, "transaction_id"), r.transactionId) &&
               string(child(n, "version"), r.version) && string(child(n, "code"), r.code) &&
               string(child(n, "message"), r.message) && time(child(n, "at"), r.at) &&
               boolean(child(n, "acknowledged"), r.acknowledged);
    }

    std::optional<Error> m_error;
};

} // namespace

QString slotStatusName(SlotRecord::Status status)
{
    return nameOf(StatusNames, status);
}

QString outcomeName(LastResult::Outcome outcome)
{
    return nameOf(OutcomeNames, outcome);
}

QByteArray encodeState(const DeviceState &state)
{
    return encodeStateJson(state);
}

std::optional<QString> unsavable(const DeviceState &state)
{
    return unsavableState(state);
}

Result<DeviceState> parseState(const QByteArray &bytes)
{
    return Parser().run(bytes);
}

} // namespace seesaw
