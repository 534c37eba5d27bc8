// The app's own view of USB sticks: a libudev monitor on udevd's processed events, so a stick
// shows up within a second of being plugged in, before seesawd has listed and scanned it.
// Only block devices with a file system that are on USB or removable, as seesawd decides.
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <memory>

struct UdevStick {
    QByteArray syspath; // /sys/devices/…: the key
    QString devnode;    // /dev/sdb1: matches ListMedia's "device"
    QString label;      // untrusted, length-limited
    QString vendor;
    QString model;
    QString fsType;
    quint64 size = 0; // bytes
};

class UdevMonitor : public QObject {
    Q_OBJECT
public:
    explicit UdevMonitor(QObject *parent = nullptr);
    ~UdevMonitor() override;

    // Starts listening; false (with a warning) when udev cannot be watched.
    bool start();
    // The sticks present now.
    [[nodiscard]] QList<UdevStick> present() const;

Q_SIGNALS:
    void stickAdded(const UdevStick &stick);    // new, or changed and still a stick
    void deviceGone(const QByteArray &syspath); // removed, or no longer a stick (medium gone)
    void eventsLost();                          // the socket overflowed: call present() again

private:
    struct Private;
    std::unique_ptr<Private> d;
};
