// Writing an image into a slot (install/slotwrite.h), on an image file and on a real loop
// device: every byte lands where it belongs and nothing past the image changes, in both write
// modes. Direct writes (the default) leave none of the image in the page cache, so an install
// does not evict the running system's cached files; buffered writes keep it there. What cannot
// be written directly (an image's unaligned last bytes, a buffer that is not aligned) still
// lands, and so do direct writes from two threads at once into a file reserved up front.
//
// And a second descriptor for direct reads is never more than the first.
//
// Not shown here: the fallback when a file system refuses O_DIRECT altogether. Every file system
// this machine can mount accepts it (tmpfs does since Linux 6.6); the fallback is the same
// buffered path as slot-writes=buffered, which is tested.
#include "base/directread.h"
#include "base/unique_fd.h"
#include "install/slotwrite.h"
#include "testutil.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using seesaw::SlotConfig;
using seesaw::SlotWriter;
using Mode = seesaw::SystemConfig::SlotWrites;
using testutil::s;

namespace {

constexpr qsizetype SlotBytes = qsizetype(8) * 1024 * 1024;
constexpr qsizetype ChunkBytes = qsizetype(1024) * 1024;

struct FreeDeleter {
    void operator()(char *p) const { std::free(p); }
};

// Bytes that differ from chunk to chunk and from the slot's old content (0xAA).
QByteArray imageOf(qsizetype size)
{
    QByteArray image(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i) {
        image[i] = char((i * 131 + i / 4096) % 251);
    }
    return image;
}

// The whole slot as it is on storage: written out and dropped from the page cache first.
QByteArray slotOnStorage(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    ::fsync(f.handle());
    ::posix_fadvise(f.handle(), 0, 0, POSIX_FADV_DONTNEED);
    return f.read(SlotBytes);
}

} // namespace

class TestSlotWrite : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_loop; // the loop device of the running test function, detached in cleanup()

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void cleanup()
    {
        if (!m_loop.isEmpty()) {
            testutil::run(s("losetup"), {s("-d"), m_loop});
            m_loop.clear();
        }
    }

    void imageLandsInTheSlot_data()
    {
        QTest::addColumn<bool>("loop");
        QTest::addColumn<Mode>("mode");
        QTest::addColumn<qsizetype>("imageSize");
        QTest::addColumn<int>("misalign"); // bytes the source buffer is off its alignment
        const qsizetype whole = 5 * ChunkBytes;
        const qsizetype odd = 5 * ChunkBytes + 1234;
        for (bool loop : {false, true}) {
            const char *kind = loop ? "loop device" : "file";
            QTest::addRow("%s, direct", kind) << loop << Mode::Direct << whole << 0;
            QTest::addRow("%s, direct, unaligned end", kind) << loop << Mode::Direct << odd << 0;
            QTest::addRow("%s, direct, unaligned buffer", kind) << loop << Mode::Direct << odd << 1;
            QTest::addRow("%s, buffered", kind) << loop << Mode::Buffered << odd << 0;
        }
    }
    void imageLandsInTheSlot()
    {
        QFETCH(bool, loop);
        QFETCH(Mode, mode);
        QFETCH(qsizetype, imageSize);
        QFETCH(int, misalign);
        const QString backing =
            m_dir.filePath(s("slot-%1.img").arg(QString::fromUtf8(QTest::currentDataTag())));
        {
            QFile f(backing);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(QByteArray(SlotBytes, char(0xAA))), SlotBytes);
        }
        SlotConfig slot{s("rootfs"), 1, backing, s("B")};
        if (loop) {
            if (::geteuid() != 0) {
                QSKIP("loop devices need root");
            }
            const auto r = testutil::runMerged(s("losetup"), {s("-f"), s("--show"), backing});
            QVERIFY2(r.exitCode == 0, r.out.constData());
            slot.device = m_loop = r.text();
        }
        // Nothing of the old content in the page cache: what is resident afterwards was written.
        QVERIFY(!slotOnStorage(slot.device).isEmpty());

        const QByteArray image = imageOf(imageSize);
        std::unique_ptr<char, FreeDeleter> buffer(
            static_cast<char *>(std::aligned_alloc(4096, size_t(ChunkBytes) + 4096)));
        QVERIFY(buffer);
        auto fd = seesaw::openSlot(slot);
        QVERIFY(fd);
        SlotWriter writer(fd->get(), slot, mode);
        QCOMPARE(writer.direct(), mode == Mode::Direct);
        for (qsizetype offset = 0; offset < imageSize; offset += ChunkBytes) {
            const qsizetype n = std::min(ChunkBytes, imageSize - offset);
            char *data = buffer.get() + misalign;
            std::memcpy(data, image.constData() + offset, size_t(n));
            QVERIFY(writer.write(QByteArrayView(data, n), quint64(offset)));
        }
        QVERIFY(writer.sync());
        // A buffer it cannot write directly does not turn direct writes off for the rest.
        QCOMPARE(writer.direct(), mode == Mode::Direct);

        const int pages = int(imageSize / 4096);
        const int resident = testutil::residentPages(slot.device, imageSize);
        if (mode == Mode::Direct && misalign == 0) {
            // At most the page of the unaligned end went through the page cache.
            QVERIFY2(resident >= 0 && resident <= 1, qPrintable(QString::number(resident)));
        } else {
            QVERIFY2(resident >= pages * 9 / 10, qPrintable(QString::number(resident)));
        }
        const QByteArray stored = slotOnStorage(slot.device);
        QCOMPARE(stored.size(), SlotBytes);
        QVERIFY(stored.first(imageSize) == image);
        QVERIFY(stored.sliced(imageSize) == QByteArray(SlotBytes - imageSize, char(0xAA)));
    }

    // A file (an artifact) reserved to its size up front has its blocks allocated, and direct
    // writes from two threads at once, as a streaming pass with parallel writes makes them, each
    // land in their place.
    void reservedFileTakesTwoWritersAtOnce()
    {
        const QString path = m_dir.filePath(s("artifact.bin"));
        const qsizetype imageSize = 6 * ChunkBytes + 1234;
        seesaw::UniqueFd fd(::open(QFile::encodeName(path).constData(),
                                   O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
        QVERIFY(fd.isValid());
        SlotWriter writer(fd.get(), s("models/detector 1.0"), Mode::Direct);
        QVERIFY(writer.direct());
        QVERIFY(writer.reserve(quint64(imageSize)));
        struct stat st {};
        QCOMPARE(::fstat(fd.get(), &st), 0);
        QCOMPARE(qsizetype(st.st_size), imageSize);
        QVERIFY2(qsizetype(st.st_blocks) * 512 >= imageSize,
                 qPrintable(QString::number(st.st_blocks)));

        const QByteArray image = imageOf(imageSize);
        std::atomic<int> failures{0};
        const auto writeEveryOther = [&](qsizetype first) {
            std::unique_ptr<char, FreeDeleter> buffer(
                static_cast<char *>(std::aligned_alloc(4096, size_t(ChunkBytes))));
            for (qsizetype offset = first; offset < imageSize; offset += 2 * ChunkBytes) {
                const qsizetype n = std::min(ChunkBytes, imageSize - offset);
                std::memcpy(buffer.get(), image.constData() + offset, size_t(n));
                if (!writer.write(QByteArrayView(buffer.get(), n), quint64(offset))) {
                    ++failures;
                }
            }
        };
        std::thread other(writeEveryOther, ChunkBytes);
        writeEveryOther(0);
        other.join();
        QCOMPARE(failures.load(), 0);
        QVERIFY(writer.sync());
        QVERIFY(writer.direct());
        QCOMPARE(testutil::readFile(path), image);
    }

    // A write past the end of the slot fails with the slot's name and the offset, in both
    // modes, and what fitted is written.
    void writePastTheEndFails_data()
    {
        QTest::addColumn<Mode>("mode");
        QTest::newRow("direct") << Mode::Direct;
        QTest::newRow("buffered") << Mode::Buffered;
    }
    void writePastTheEndFails()
    {
        QFETCH(Mode, mode);
        if (::geteuid() != 0) {
            QSKIP("loop devices need root");
        }
        const QString backing =
            m_dir.filePath(s("small-%1.img").arg(QString::fromUtf8(QTest::currentDataTag())));
        {
            QFile f(backing);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(ChunkBytes));
        }
        // A block device ends where it ends (a file would grow).
        const auto r = testutil::runMerged(s("losetup"), {s("-f"), s("--show"), backing});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        SlotConfig slot{s("rootfs"), 1, m_loop = r.text(), s("B")};
        std::unique_ptr<char, FreeDeleter> buffer(
            static_cast<char *>(std::aligned_alloc(4096, size_t(2 * ChunkBytes))));
        QVERIFY(buffer);
        std::memset(buffer.get(), 0x5C, size_t(2 * ChunkBytes));
        auto fd = seesaw::openSlot(slot);
        QVERIFY(fd);
        SlotWriter writer(fd->get(), slot, mode);
        const auto written = writer.write(QByteArrayView(buffer.get(), 2 * ChunkBytes), 0);
        QVERIFY(!written);
        QCOMPARE(written.error().code, s("install.write"));
        QVERIFY2(written.error().message.contains(s("rootfs.1")) &&
                     written.error().message.contains(QString::number(ChunkBytes)),
                 qPrintable(written.error().message));
        QVERIFY(writer.sync());
        QVERIFY(slotOnStorage(slot.device).first(ChunkBytes) == QByteArray(ChunkBytes, 0x5C));
    }

    // A bundle is read past the page cache through a second descriptor (base/directread.h),
    // which is never more than the first: seesawd reopens descriptors that D-Bus callers pass,
    // and one that may not read (write-only, O_PATH) must not become one that may.
    void directReopenNeverWidensRights()
    {
        const QString file = m_dir.filePath(s("reopen.bin"));
        const QByteArray content = testutil::randomBytes(8192, 3);
        QVERIFY(testutil::writeFile(file, content));
        const QByteArray name = QFile::encodeName(file);
        const auto reopened = [&](int flags) {
            seesaw::UniqueFd fd(::open(name.constData(), flags | O_CLOEXEC));
            return fd.isValid() && seesaw::reopenForDirectRead(fd.get()).isValid();
        };
        QVERIFY(!reopened(O_WRONLY));
        QVERIFY(!reopened(O_PATH));
        int ends[2];
        QCOMPARE(::pipe(ends), 0);
        seesaw::UniqueFd readEnd(ends[0]);
        seesaw::UniqueFd writeEnd(ends[1]);
        QVERIFY(!seesaw::reopenForDirectRead(readEnd.get()).isValid()); // not a regular file

        seesaw::UniqueFd readable(::open(name.constData(), O_RDONLY | O_CLOEXEC));
        seesaw::UniqueFd direct = seesaw::reopenForDirectRead(readable.get());
        QVERIFY(direct.isValid());
        QVERIFY(reopened(O_RDWR));
        QVERIFY((::fcntl(direct.get(), F_GETFL) & O_ACCMODE) == O_RDONLY);
        QVERIFY((::fcntl(direct.get(), F_GETFL) & O_DIRECT) != 0);
        std::unique_ptr<char, FreeDeleter> buffer(
            static_cast<char *>(std::aligned_alloc(4096, 8192)));
        QVERIFY(buffer);
        QCOMPARE(::pread(direct.get(), buffer.get(), 8192, 0), ssize_t(8192));
        QVERIFY(QByteArrayView(buffer.get(), 8192) == content);
    }
};

QTEST_GUILESS_MAIN(TestSlotWrite)
#include "tst_slotwrite.moc"
