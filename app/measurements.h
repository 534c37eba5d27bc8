// Numbers for tests/bench/ui, printed on stderr when SEESAW_UI_MEASURE is set (never otherwise):
//   "ui-measure: first-frame MS"          first frame swapped, in ms since the process started
//   "ui-measure: stick-shown MS"          a stick's row appeared, in ms since the epoch
//                                         (the bench compares it with its losetup time)
//   "ui-measure: stall-max MS"            the longest the main thread did not run its event
//                                         loop, printed whenever the maximum grows (after the
//                                         first frame; a 5 ms timer is the probe)
#pragma once

#include <QObject>

class QQmlEngine;
class QQuickWindow;

class Measurements : public QObject {
    Q_OBJECT
public:
    static bool enabled();
    // Starts the probes for `window` and the engine's MediaModel singleton; the object lives
    // as long as the window.
    static void install(QQuickWindow *window, QQmlEngine *engine);

private:
    Measurements(QQuickWindow *window, QQmlEngine *engine);
    qint64 m_lastTick = 0;
    qint64 m_maxStall = 0;
};
