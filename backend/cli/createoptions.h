// What `bundle create`, `bundle create-delta` and `bundle delta-stats` share: the signing keys,
// the compression options and the output (defined in cmd_bundlecreate.cpp).
#pragma once

#include "base/result.h"
#include "trust/keyring.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

namespace cli {

struct OutputOptions {
    explicit OutputOptions(const char *defaultLevel);
    const QCommandLineOption key{QStringLiteral("key"),
                                 QCoreApplication::translate("cli::bundle",
                                                             "Private signing key (repeatable: "
                                                             "each key signs)."),
                                 QStringLiteral("KEY.pem")};
    const QCommandLineOption level;
    const QCommandLineOption threads{
        QStringLiteral("threads"),
        QCoreApplication::translate("cli::bundle", "Compression threads (default: one per CPU)."),
        QStringLiteral("N"), QStringLiteral("0")};
    const QCommandLineOption output{
        {QStringLiteral("o"), QStringLiteral("output")},
        QCoreApplication::translate("cli::bundle", "Output bundle file."),
        QStringLiteral("OUT.seesaw")};
};

seesaw::Result<seesaw::PrivateKey> loadPrivateKey(const QString &path);

// The signing keys, level and threads; -1, or the exit code of the error that stops the command.
int readOutputOptions(const QCommandLineParser &parser, const OutputOptions &o,
                      QList<seesaw::PrivateKey> &keys, int &level, int &threads);

} // namespace cli
