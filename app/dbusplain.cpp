#include "dbusplain.h"

#include <QDBusArgument>
#include <QDBusObjectPath>
#include <QDBusSignature>
#include <QDBusUnixFileDescriptor>
#include <QDBusVariant>

namespace seesawui {

namespace {

// Containers are nested at most 64 deep on the bus; stop well before that on our side too.
constexpr int MaxDepth = 16;

QVariant plainValueAt(const QVariant &value, int depth);

// NOLINTNEXTLINE(misc-no-recursion): bounded by MaxDepth
QVariant plainArgument(const QDBusArgument &argument, int depth)
{
    switch (argument.currentType()) {
    case QDBusArgument::MapType: {
        QVariantMap map;
        argument.beginMap();
        while (!argument.atEnd()) {
            argument.beginMapEntry();
            const QVariant key = argument.asVariant();
            const QVariant value = argument.asVariant();
            argument.endMapEntry();
            map.insert(key.toString(), plainValueAt(value, depth + 1));
        }
        argument.endMap();
        return map;
    }
    case QDBusArgument::ArrayType: {
        QVariantList list;
        argument.beginArray();
        while (!argument.atEnd()) {
            list.append(plainValueAt(argument.asVariant(), depth + 1));
        }
        argument.endArray();
        return list;
    }
    case QDBusArgument::StructureType: {
        QVariantList fields;
        argument.beginStructure();
        while (!argument.atEnd()) {
            fields.append(plainValueAt(argument.asVariant(), depth + 1));
        }
        argument.endStructure();
        return fields;
    }
    case QDBusArgument::VariantType:
    case QDBusArgument::BasicType:
        return plainValueAt(argument.asVariant(), depth + 1);
    case QDBusArgument::MapEntryType:
    case QDBusArgument::UnknownType:
        break;
    }
    return {};
}

// NOLINTNEXTLINE(misc-no-recursion): bounded by MaxDepth
QVariant plainValueAt(const QVariant &value, int depth)
{
    if (depth > MaxDepth) {
        return {};
    }
    const int type = value.userType();
    if (type == qMetaTypeId<QDBusArgument>()) {
        return plainArgument(value.value<QDBusArgument>(), depth);
    }
    if (type == qMetaTypeId<QDBusVariant>()) {
        return plainValueAt(value.value<QDBusVariant>().variant(), depth + 1);
    }
    if (type == qMetaTypeId<QDBusObjectPath>()) {
        return value.value<QDBusObjectPath>().path();
    }
    if (type == qMetaTypeId<QDBusSignature>()) {
        return value.value<QDBusSignature>().signature();
    }
    if (type == qMetaTypeId<QDBusUnixFileDescriptor>()) {
        return {}; // QML never sees a descriptor
    }
    if (type == QMetaType::QVariantMap) {
        QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it) {
            it.value() = plainValueAt(it.value(), depth + 1);
        }
        return map;
    }
    if (type == QMetaType::QVariantList) {
        QVariantList list = value.toList();
        for (QVariant &item : list) {
            item = plainValueAt(item, depth + 1);
        }
        return list;
    }
    if (type == qMetaTypeId<QList<QVariantMap>>()) {
        QVariantList list;
        for (const QVariantMap &map : value.value<QList<QVariantMap>>()) {
            list.append(plainValueAt(map, depth + 1));
        }
        return list;
    }
    if (type == qMetaTypeId<QMap<QString, QString>>()) {
        QVariantMap map;
        const auto strings = value.value<QMap<QString, QString>>();
        for (auto it = strings.cbegin(); it != strings.cend(); ++it) {
            map.insert(it.key(), it.value());
        }
        return map;
    }
    return value;
}

} // namespace

QVariant plainValue(const QVariant &value)
{
    return plainValueAt(value, 0);
}

QVariantMap plainMap(const QVariant &value)
{
    return plainValue(value).toMap();
}

QVariantList plainList(const QVariant &value)
{
    return plainValue(value).toList();
}

} // namespace seesawui
