#include "dbusmapping.h"

#include "artifacts/artifactstore.h"
#include "base/hostilestring.h"
#include "dbustypes.h"

#include <QCoreApplication>
#include <QDBusMetaType>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <algorithm>

namespace seesaw {

namespace {

QString iso(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

// Release notes keep their lines; each line is made safe and the whole is bounded.
QString displayNotes(const QString &untrusted)
{
    constexpr qsizetype MaxLines = 400;
    constexpr qsizetype MaxLineChars = 400;
    constexpr qsizetype MaxChars = qsizetype(16) * 1024;
    QStringList lines;
    qsizetype chars = 0;
    const QStringList raw = QString(untrusted)
                                .replace(QLatin1Char('\t'), QLatin1Char(' '))
                                .remove(QLatin1Char('\r'))
                                .split(QLatin1Char('\n'));
    for (const QString &line : raw) {
        if (lines.size() == MaxLines || chars >= MaxChars) {
            lines.append(QString(QChar(0x2026)));
            break;
        }
        const QString shown = displayString(line, std::min(MaxLineChars, MaxChars - chars));
        chars += shown.size() + 1;
        lines.append(shown);
    }
    return lines.join(QLatin1Char('\n'));
}

QString safeFileNamePart(const QString &text)
{
    QString out;
    for (const QChar c : text.left(64)) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                        (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                        (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-') ||
                        c == QLatin1Char('_') || c == QLatin1Char('.');
        out += ok ? c : QLatin1Char('_');
    }
    return out.isEmpty() ? QStringLiteral("device") : out;
}

} // namespace

QString errorName(const Error &error)
{
    const QString &code = error.code;
    auto is = [&](const char *c) { return code == QLatin1String(c); };
    auto family = [&](const char *prefix) { return code.startsWith(QLatin1String(prefix)); };
    const char *name = dbuserror::Failed;
    if (is(daemoncode::AccessDenied)) {
        name = dbuserror::AccessDenied;
    } else if (is(daemoncode::Busy)) {
        name = dbuserror::Busy;
    } else if (is(daemoncode::TooManyRequests)) {
        name = dbuserror::TooManyRequests;
    } else if (is(daemoncode::NothingToCancel)) {
        name = dbuserror::NothingToCancel;
    } else if (is(daemoncode::InvalidArgument) || is("media.invalid-path") ||
               is("media.not-regular")) {
        name = dbuserror::InvalidArgument;
    } else if (is(daemoncode::HashMismatch)) {
        name = dbuserror::HashMismatch;
    } else if (is(daemoncode::NoMedia) || is("media.unknown") || is("media.gone")) {
        name = dbuserror::NoSuchMedia;
    } else if (error.kind == Error::Kind::Cancelled || is("cancelled")) {
        name = dbuserror::Cancelled;
    } else if (error.kind == Error::Kind::Untrusted || is("bundle.untrusted")) {
        name = dbuserror::Untrusted;
    } else if (is("install.check-failed")) {
        name = dbuserror::CheckFailed;
    } else if (error.kind == Error::Kind::Io || family("media.")) {
        name = dbuserror::Io;
    } else if (error.kind == Error::Kind::Invalid &&
               (family("bundle.") || family("zip.") || family("manifest.") || family("payload.") ||
                family("signature."))) {
        name = dbuserror::InvalidBundle;
    }
    return QLatin1String(dbuserror::ErrorPrefix) + QLatin1String(name);
}

Error daemonError(const char *code, const QString &message)
{
    const bool usage = qstrcmp(code, daemoncode::InvalidArgument) == 0;
    return {usage ? Error::Kind::Usage : Error::Kind::Invalid, QString::fromLatin1(code), message};
}

void registerServiceTypes()
{
    registerUpdaterDBusTypes();
}

Result<InstallOptions> parseInstallOptions(const QString &manifestHash, const QVariantMap &options)
{
    InstallOptions parsed;
    parsed.confirmedManifestHash = fromHexStrict(manifestHash, 32);
    if (parsed.confirmedManifestHash.isEmpty()) {
        return daemonError(
            daemoncode::InvalidArgument,
            QCoreApplication::translate("seesaw::Service",
                                        "The manifest hash must be 64 hexadecimal digits "
                                        "(the SHA-256 shown when the bundle was inspected)."));
    }
    const QMap<QString, bool *> known{
        {QStringLiteral("allow-downgrade"), &parsed.allowDowngrade},
        {QStringLiteral("reinstall"), &parsed.reinstall},
        {QStringLiteral("replace-known-good"), &parsed.replaceKnownGood},
        {QStringLiteral("dry-run"), &parsed.dryRun}};
    for (auto it = options.cbegin(); it != options.cend(); ++it) {
        bool *target = known.value(it.key());
        if (target == nullptr) {
            return daemonError(
                daemoncode::InvalidArgument,
                QCoreApplication::translate("seesaw::Service", "Unknown install option \"%1\".")
                    .arg(displayString(it.key(), 64)));
        }
        if (it.value().metaType() != QMetaType::fromType<bool>()) {
            return daemonError(daemoncode::InvalidArgument,
                               QCoreApplication::translate("seesaw::Service",
                                                           "The install option \"%1\" must be a "
                                                           "boolean.")
                                   .arg(it.key()));
        }
        *target = it.value().toBool();
    }
    return parsed;
}

Status checkMediaId(const QString &mediaId)
{
    const bool ok = !mediaId.isEmpty() && mediaId.size() <= 128 &&
                    std::all_of(mediaId.cbegin(), mediaId.cend(), [](QChar c) {
                        return c.unicode() > 0x20 && c.unicode() < 0x7f && c != QLatin1Char('/');
                    });
    if (!ok) {
        return daemonError(daemoncode::InvalidArgument,
                           QCoreApplication::translate("seesaw::Service",
                                                       "\"%1\" is not a medium id from ListMedia.")
                               .arg(displayString(mediaId, 64)));
    }
    return Ok{};
}

Status checkRelativePath(const QString &relativePath)
{
    const QByteArray utf8 = relativePath.toUtf8();
    bool ok =
        !utf8.isEmpty() && utf8.size() <= 1024 && !utf8.contains('\0') && !utf8.startsWith('/');
    if (ok) {
        for (const QByteArray &part : utf8.split('/')) {
            ok = ok && !part.isEmpty() && part != "." && part != "..";
        }
    }
    if (!ok) {
        return daemonError(daemoncode::InvalidArgument,
                           QCoreApplication::translate(
                               "seesaw::Service",
                               "\"%1\" is not a path below the medium's root (relative, at most "
                               "1024 bytes, without \"..\").")
                               .arg(displayString(relativePath, 200)));
    }
    return Ok{};
}

QString versionDirection(const QString &running, const SemVer &offered)
{
    const auto current = SemVer::parse(running);
    if (!current) {
        return QStringLiteral("unknown");
    }
    const auto order = offered <=> *current;
    return order > nullptr   ? QStringLiteral("upgrade")
           : order < nullptr ? QStringLiteral("downgrade")
                             : QStringLiteral("reinstall");
}

QVariantMap bundleSummary(const BundleReader &bundle, const QList<InstallCheck> &checks,
                          const QString &running)
{
    const Manifest &m = bundle.manifest();
    QStringList hardware;
    for (const QString &h : m.hardware) {
        hardware.append(displayString(h, limits::MaxShortString));
    }
    QMap<QString, QString> notes;
    for (auto it = m.releaseNotes.cbegin(); it != m.releaseNotes.cend(); ++it) {
        notes.insert(displayString(it.key(), 35), displayNotes(it.value()));
    }
    QList<QVariantMap> images;
    for (const ImageInfo &image : m.images) {
        images.append(
            {{QStringLiteral("slot_class"), displayString(image.slotClass, 32)},
             {QStringLiteral("size"), QVariant::fromValue<quint64>(image.size)},
             {QStringLiteral("stored_size"), QVariant::fromValue<quint64>(image.storedSize)}});
    }
    QList<QVariantMap> artifacts;
    for (const ArtifactInfo &a : m.artifacts) {
        artifacts.append(
            {{QStringLiteral("repository"), displayString(a.repository, 32)},
             {QStringLiteral("name"), displayString(a.name, limits::MaxArtifactNameChars)},
             {QStringLiteral("version"), displayString(a.version, limits::MaxArtifactVersionChars)},
             {QStringLiteral("type"), ArtifactInfo::typeName(a.type)},
             {QStringLiteral("size"), QVariant::fromValue<quint64>(a.payload.size)},
             {QStringLiteral("stored_size"), QVariant::fromValue<quint64>(a.payload.storedSize)}});
    }
    const TrustVerdict &verdict = bundle.verdict();
    const QVariantMap signature{
        {QStringLiteral("trusted"), verdict.trusted},
        {QStringLiteral("key_id"), verdict.keyId.isEmpty() ? QString() : toHex(verdict.keyId)},
        {QStringLiteral("key_name"), displayString(verdict.keyName, limits::MaxKeyNameChars)},
        {QStringLiteral("message"), displayString(verdict.message, 400)}};
    bool allPassed = verdict.trusted;
    QList<QVariantMap> checkMaps;
    for (const InstallCheck &check : checks) {
        allPassed = allPassed && check.passed;
        checkMaps.append({{QStringLiteral("id"), check.id},
                          {QStringLiteral("passed"), check.passed},
                          {QStringLiteral("warning"), check.warning},
                          {QStringLiteral("reason"), displayString(check.reason, 1000)}});
    }
    QVariantMap delta; // empty for a full bundle
    if (const auto overview = bundle.deltaOverview()) {
        delta = {
            {QStringLiteral("from"), displayString(overview->baseVersion.toString(), 64)},
            {QStringLiteral("full_size"), QVariant::fromValue<quint64>(overview->fullBundleSize)}};
    }
    return {
        {QStringLiteral("compatible"), displayString(m.compatible, limits::MaxShortString)},
        {QStringLiteral("version"), displayString(m.version.toString(), 64)},
        {QStringLiteral("build"), displayString(m.build, limits::MaxShortString)},
        {QStringLiteral("created"), iso(m.created)},
        {QStringLiteral("min_version"),
         m.minVersion ? displayString(m.minVersion->toString(), 64) : QString()},
        {QStringLiteral("hardware"), hardware},
        {QStringLiteral("release_notes"), QVariant::fromValue(notes)},
        {QStringLiteral("images"), QVariant::fromValue(images)},
        // Layers for the device's artifact repositories, in use as soon as they are installed.
        {QStringLiteral("artifacts"), QVariant::fromValue(artifacts)},
        // Whether the install takes effect at the next boot (it writes a slot).
        {QStringLiteral("needs_reboot"), !m.images.isEmpty()},
        {QStringLiteral("manifest_hash"), toHex(bundle.manifestHash())},
        {QStringLiteral("signature"), signature},
        {QStringLiteral("checks"), QVariant::fromValue(checkMaps)},
        // Trusted and every check passed: what a UI may offer to install.
        {QStringLiteral("installable"), allPassed},
        {QStringLiteral("file_size"), QVariant::fromValue<quint64>(bundle.fileSize())},
        // What the UI words ("Upgrade from … to …") and offers to override: the app never
        // compares versions itself. A bundle of add-ons only leaves the system's version alone.
        {QStringLiteral("direction"),
         m.images.isEmpty() ? QStringLiteral("addons") : versionDirection(running, m.version)},
        // A delta: the version it needs running and the full bundle's size (0: not recorded);
        // whether this device runs that version is the "delta-base" check.
        {QStringLiteral("delta"), delta},
    };
}

QList<QVariantMap> artifactMaps(const SystemConfig &config)
{
    QList<QVariantMap> maps;
    for (const ArtifactRepository &repo : config.artifacts) {
        auto entries = ArtifactStore(repo).list();
        if (!entries) {
            continue;
        }
        for (const ArtifactEntryState &e : *entries) {
            maps.append({{QStringLiteral("repository"), repo.name},
                         {QStringLiteral("type"), ArtifactRepository::typeName(repo.type)},
                         {QStringLiteral("name"), e.entry},
                         {QStringLiteral("version"), e.current},
                         {QStringLiteral("previous"), e.previous},
                         {QStringLiteral("bytes"), QVariant::fromValue<quint64>(e.currentBytes)},
                         {QStringLiteral("kept"), e.kept}});
        }
    }
    return maps;
}

QList<QVariantMap> slotsMaps(const DeviceStatus &status)
{
    QList<QVariantMap> out;
    for (const SlotStatus &s : status.slots) {
        out.append({{QStringLiteral("class"), s.slot.slotClass},
                    {QStringLiteral("bootname"), s.slot.bootname},
                    {QStringLiteral("state"), slotStatusName(s.record.status)},
                    {QStringLiteral("version"), displayString(s.record.version, 64)},
                    {QStringLiteral("installed-at"), iso(s.record.installedAt)},
                    {QStringLiteral("booted"), s.booted},
                    {QStringLiteral("known-good"), knownGood(s.record)},
                    // Why installs wait for the running system's health check (booted slot).
                    {QStringLiteral("hold"),
                     s.booted && status.unconfirmed ? status.unconfirmed->message() : QString()}});
    }
    return out;
}

QVariantMap lastResultMap(const LastResult &result)
{
    return {{QStringLiteral("outcome"), outcomeName(result.outcome)},
            {QStringLiteral("transaction"), result.transactionId},
            {QStringLiteral("version"), displayString(result.version, 64)},
            {QStringLiteral("code"), result.code},
            {QStringLiteral("message"), displayString(result.message, 1000)},
            {QStringLiteral("at"), iso(result.at)},
            {QStringLiteral("acknowledged"), result.acknowledged},
            {QStringLiteral("detail"), displayString(result.detail, 300)}};
}

QVariantMap progressMap(const InstallProgress &progress)
{
    return {{QStringLiteral("phase"), InstallProgress::phaseName(progress.phase)},
            {QStringLiteral("done"), QVariant::fromValue<quint64>(progress.done)},
            {QStringLiteral("total"), QVariant::fromValue<quint64>(progress.total)},
            {QStringLiteral("rate"), progress.rate},
            {QStringLiteral("eta"), QVariant::fromValue<qint64>(progress.etaSeconds)},
            {QStringLiteral("message"), displayString(progress.message, 400)}};
}

QVariantMap idleProgressMap()
{
    InstallProgress idle;
    QVariantMap map = progressMap(idle);
    map.insert(QStringLiteral("phase"), QStringLiteral("idle"));
    return map;
}

QList<QVariantMap> historyMaps(const QList<HistoryEntry> &entries)
{
    QList<QVariantMap> out;
    out.reserve(entries.size());
    for (const HistoryEntry &e : entries) {
        out.append({{QStringLiteral("seq"), QVariant::fromValue<quint64>(e.seq)},
                    {QStringLiteral("time"), iso(e.time)},
                    {QStringLiteral("event"), e.event},
                    {QStringLiteral("details"),
                     QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact))}});
    }
    return out;
}

QVariantMap mediaMap(const MediaInfo &media)
{
    return {{QStringLiteral("id"), displayString(media.id, 128)},
            {QStringLiteral("label"), displayString(media.label, 64)},
            {QStringLiteral("vendor"), displayString(media.vendor, 64)},
            {QStringLiteral("model"), displayString(media.model, 64)},
            {QStringLiteral("fs_type"), displayString(media.fsType, 16)},
            // Lets a client match its own udev view; never accepted back from one.
            {QStringLiteral("device"), displayString(media.devnode, 128)},
            {QStringLiteral("size"), QVariant::fromValue<quint64>(media.size)},
            {QStringLiteral("mounted"), media.mounted}};
}

QVariantMap foundBundleMap(const FoundBundle &found, const QVariantMap &summary,
                           const QString &error)
{
    QVariantMap map{{QStringLiteral("path"), displayString(found.relativePath, 1024)},
                    {QStringLiteral("size"), QVariant::fromValue<quint64>(found.size)}};
    if (!summary.isEmpty()) {
        map.insert(QStringLiteral("summary"), summary);
    }
    if (!error.isEmpty()) {
        map.insert(QStringLiteral("error"), displayString(error, 1000));
    }
    return map;
}

Report buildReport(const DeviceStatus &status, const QList<HistoryEntry> &history)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Report report;
    report.baseName = QStringLiteral("seesaw-report-") + safeFileNamePart(status.compatible) +
                      QLatin1Char('-') + now.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));

    QJsonArray entries;
    for (const HistoryEntry &e : history) {
        entries.append(QJsonObject{{QStringLiteral("seq"), double(e.seq)},
                                   {QStringLiteral("time"), iso(e.time)},
                                   {QStringLiteral("event"), e.event},
                                   {QStringLiteral("details"), e.details}});
    }
    const QJsonObject json{{QStringLiteral("generated"), iso(now)},
                           {QStringLiteral("status"), statusJson(status)},
                           {QStringLiteral("history"), entries}};
    report.json = QJsonDocument(json).toJson(QJsonDocument::Indented);

    QStringList t;
    t << QStringLiteral("Seesaw update report") << QString();
    t << QStringLiteral("Generated:  %1").arg(iso(now));
    t << QStringLiteral("Device:     %1 (%2 boot loader)")
             .arg(status.compatible, status.bootloader);
    t << QStringLiteral("Running:    slot %1, version %2")
             .arg(status.bootedSlot,
                  status.version.isEmpty() ? QStringLiteral("unknown") : status.version);
    t << QStringLiteral("Primary:    %1")
             .arg(status.primary.isEmpty() ? QStringLiteral("unknown (%1)").arg(status.primaryError)
                                           : status.primary);
    for (const SlotStatus &s : status.slots) {
        t << QStringLiteral("Slot %1 %2: %3%4")
                 .arg(s.slot.name(), s.slot.bootname, slotStatusName(s.record.status),
                      s.record.version.isEmpty() ? QString()
                                                 : QStringLiteral(", version ") + s.record.version);
    }
    if (status.pending) {
        t << QStringLiteral(
                 "Pending:    version %1 in slot %2, waiting for reboot and health check")
                 .arg(status.pending->toVersion, status.pending->toBootname);
    }
    const LastResult &last = status.lastResult;
    t << QStringLiteral("Last result: %1 %2 %3")
             .arg(outcomeName(last.outcome), last.version, iso(last.at));
    if (!last.message.isEmpty()) {
        t << QStringLiteral("             %1").arg(last.message);
    }
    t << QString() << QStringLiteral("History (%1 entries, oldest first):").arg(history.size());
    for (const HistoryEntry &e : history) {
        t << QStringLiteral("%1  %2  %3  %4")
                 .arg(QString::number(e.seq).rightJustified(5), iso(e.time), e.event,
                      QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)));
    }
    report.text = t.join(QLatin1Char('\n')).toUtf8() + '\n';
    return report;
}

} // namespace seesaw
