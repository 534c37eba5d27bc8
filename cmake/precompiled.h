// The headers most of Seesaw's sources include, compiled once per target (SEESAW_PCH, see
// cmake/Precompile.cmake). Only Qt Core and standard library headers that Seesaw's sources include
// most often (QFile: half of them; the containers: a tenth or more, and many more through other
// Qt headers): a header here is parsed by every unit of the target whether it needs it or not.
// Sources still include what they use (the dev preset builds without this header).
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>
