// The values an install is asked with and answers with, shared by the slot install
// (installer.h) and the artifact install (artifactinstall.h).
#pragma once

#include "bundle/payloadfeed.h"
#include "health/health.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>

namespace seesaw {

struct InstallOptions {
    // SHA-256 of the manifest the operator confirmed; the install refuses any other bundle.
    QByteArray confirmedManifestHash;
    bool allowDowngrade = false;
    bool reinstall = false;
    // Install although the running system has not passed its health check and the other slot
    // holds the last system known to work (it is overwritten). For technicians; no UI offers it.
    bool replaceKnownGood = false;
    bool dryRun = false; // every check and a full payload verification, no write
    // The id the transaction is recorded under; a new UUID when empty. The daemon chooses it
    // up front so that it can name the transaction to its client as soon as writing starts.
    QString transactionId;
    // Null: payloads are read from the bundle file.
    std::shared_ptr<PayloadFeed> payloadFeed;
    // How the health check after an artifact install asks systemd for the state of a unit.
    UnitQuery units;
};

// One entry of an artifact repository switched from one version to another (artifactinstall.h).
struct ArtifactChange {
    QString repository;
    QString entry;
    QString from; // the version in use before; empty: none
    QString to;   // the version in use after; empty: none (the entry was taken out of use)
};

// One compatibility or policy check, as shown to the operator before confirming.
struct InstallCheck {
    QString id; // "compatible", "hardware", "version", "min-version", "delta-base",
                // "known-good", "slot-size", "slot-free", "artifact", "extensions",
                // "free-space", "power", "confirmed"
    bool passed = false;
    QString reason; // operator-readable, also when it passed
    // Passed, but with a consequence the operator should read before confirming (an installed
    // extension that the new system will not merge); never blocks.
    bool warning = false;
};

struct InstallOutcome {
    QString transactionId;
    QString version;
    QString targetBootname; // empty for a bundle of artifacts only: nothing to reboot into
    bool dryRun = false;
    QList<ArtifactChange> artifacts; // what a bundle of artifacts changed, already in use
};

} // namespace seesaw
