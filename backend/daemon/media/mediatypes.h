// What seesawd knows about a removable medium and the bundles found on it, and the bounds of a
// scan: shared by the manager, the scanner and the service.
#pragma once

#include <QString>

namespace seesaw {

struct MediaInfo {
    QString id;       // stable while plugged in, e.g. "usb-0781_5567-part1" (safe characters only)
    QString devnode;  // /dev/sdb1 (for logs; never accepted from a client)
    QString label;    // file system label (untrusted, length-limited)
    QString vendor;   // untrusted, length-limited
    QString model;    // untrusted, length-limited
    QString fsType;   // ext4, vfat, exfat…
    quint64 size = 0; // bytes
    bool mounted = false;
};

struct FoundBundle {
    QString relativePath; // below the medium's root, '/'-separated, no "..", no leading '/'
    quint64 size = 0;
};

struct ScanLimits {
    int maxDepth = 4;
    int maxEntries = 5000; // directory entries looked at, in total
    int maxNameBytes = 255;
    int maxBundles = 64;
    qint64 maxMillis = 3000; // wall time for one scan
};

} // namespace seesaw
