// The QML singleton `Language`: the UI language, switched at runtime. Translations are
// compiled into the resources as :/i18n/seesaw_<code>.qm; a language without one stays English.
#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QString>
#include <QTranslator>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <memory>

class Language : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString current READ current NOTIFY currentChanged)
    Q_PROPERTY(QVariantList available READ available CONSTANT)

public:
    // Not default-constructible, so that QML uses create() and shares instance().
    explicit Language(QObject *parent);
    ~Language() override;

    static Language *instance();
    static Language *create(QQmlEngine *engine, QJSEngine * /*unused*/);

    [[nodiscard]] QString current() const { return m_current; }
    [[nodiscard]] QVariantList available() const;

    // Installs the translator for `code` (one of `available`; "en" removes it) and retranslates
    // the engine. An unknown code is ignored; false then.
    Q_INVOKABLE bool setLanguage(const QString &code);
    // The available language that best fits `localeName` ("de_AT" → "de"), else "en".
    static QString bestMatch(const QString &localeName);

    void setEngine(QQmlEngine *engine) { m_engine = engine; }
    // Where seesaw_<code>.qm files are looked up (":/i18n" unless a test says otherwise).
    void setTranslationsDirectory(const QString &directory) { m_directory = directory; }

Q_SIGNALS:
    void currentChanged();

private:
    QString m_current = QStringLiteral("en");
    QString m_directory = QStringLiteral(":/i18n");
    std::unique_ptr<QTranslator> m_translator;
    QPointer<QQmlEngine> m_engine;

    static QPointer<Language> s_instance;
};
