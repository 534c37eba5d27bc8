// How a device authenticates update servers (and, with mutual TLS, itself to them).
#pragma once

#include <QString>

namespace seesaw {

struct TlsOptions {
    QString caFile;            // PEM certificates to trust instead of the system's; empty: system
    QString clientCertificate; // PEM, for mutual TLS; with clientKey
    QString clientKey;
};

} // namespace seesaw
