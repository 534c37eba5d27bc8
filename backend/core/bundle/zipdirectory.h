// Finding the central directory of a bundle's ZIP (for zipindex.cpp): the end records, classic
// and ZIP64, and where they say the directory lies.
#pragma once

#include "base/result.h"

namespace seesaw::zip {

// Where the central directory lies and how many entries it lists, as the end records say.
struct Directory {
    quint16 disk = 0;
    quint16 cdDisk = 0;
    quint64 entriesOnDisk = 0;
    quint64 entries = 0;
    quint64 size = 0;
    quint64 offset = 0;
    quint64 end = 0; // where the directory must end: the first of the end records
};

// The end records, checked, and what they say of the directory. Error codes as readZipIndex's.
Result<Directory> readDirectory(int fd, quint64 fileSize);

} // namespace seesaw::zip
