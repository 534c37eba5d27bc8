// Durable file updates for everything a power cut must never leave half-written: boot loader
// files, keys, the device state. A file is replaced by writing a temporary file next to it,
// fsync, rename over the old one, fsync of the file again and of the directory, so after a crash
// it is either the old or the complete new file.
//
// The second fsync of the file is for FAT (an EFI system partition holds grubenv and the boot
// entries): there a file's first cluster and size live in its directory entry, which the kernel
// writes with the file's inode, not with the directory. A rename moves the file to a new entry,
// and fsync of the directory alone left that entry unwritten: a power cut seconds later brought
// back a grubenv whose entry pointed at clusters already freed (seen in tests/vm's power-cut
// story; this machine's kernel has no vfat, so no host test can show it).
#pragma once

#include "base/result.h"

#include <QByteArrayView>
#include <QString>
#include <sys/types.h>

namespace seesaw {

// All errors are Kind::Io with code "io.write" and a message naming the file.
Status writeAll(int fd, QByteArrayView data);
Status syncDirectory(const QString &directory);
// mode 0 keeps the mode of the file being replaced (0644 for a new one). tempPattern is the
// temporary file's name, ending in XXXXXX (default ".NAME.XXXXXX").
Status writeFileAtomically(const QString &path, QByteArrayView data, mode_t mode = 0,
                           const QString &tempPattern = {});
// rename() followed by an fsync of the file under its new name and of its directory.
Status renameDurably(const QString &from, const QString &to);

// The same error with the caller's own code (e.g. "bootloader.io"), message kept.
inline Status withCode(Status status, const char *code)
{
    if (status) {
        return status;
    }
    return Error(status.error().kind, QString::fromLatin1(code), status.error().message);
}

} // namespace seesaw
