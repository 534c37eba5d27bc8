#include "language.h"

#include <QCoreApplication>
#include <QLocale>
#include <QQmlEngine>
#include <algorithm>

namespace {

struct Available {
    const char *code;
    const char *nativeName; // UTF-8, the language's own name: never translated
};
constexpr Available Languages[] = {
    {"en", "English"}, {"de", "Deutsch"},     {"fr", "Français"},
    {"es", "Español"}, {"zh_CN", "简体中文"},
};

bool isAvailable(const QString &code)
{
    return std::any_of(std::begin(Languages), std::end(Languages),
                       [&code](const Available &a) { return code == QLatin1String(a.code); });
}

} // namespace

QPointer<Language> Language::s_instance;

Language::Language(QObject *parent) : QObject(parent) {}

Language::~Language()
{
    // The shared instance dies with the application object, when there is nothing left to
    // remove the translator from.
    if (m_translator && (QCoreApplication::instance() != nullptr)) {
        QCoreApplication::removeTranslator(m_translator.get());
    }
}

Language *Language::instance()
{
    if (s_instance == nullptr) {
        s_instance = new Language(QCoreApplication::instance());
    }
    return s_instance;
}

Language *Language::create(QQmlEngine *engine, QJSEngine * /*unused*/)
{
    Language *language = instance();
    language->setEngine(engine);
    QJSEngine::setObjectOwnership(language, QJSEngine::CppOwnership);
    return language;
}

// NOLINTNEXTLINE(readability-convert-member-functions-to-static): a QML property's accessor
QVariantList Language::available() const
{
    QVariantList out;
    for (const Available &a : Languages) {
        out.append(QVariantMap{{QStringLiteral("code"), QLatin1String(a.code)},
                               {QStringLiteral("nativeName"), QString::fromUtf8(a.nativeName)}});
    }
    return out;
}

QString Language::bestMatch(const QString &localeName)
{
    QString name = QString(localeName).replace(QLatin1Char('-'), QLatin1Char('_'));
    if (isAvailable(name)) {
        return name;
    }
    const QString language = name.section(QLatin1Char('_'), 0, 0);
    if (language == QLatin1String("zh")) {
        return QStringLiteral("zh_CN");
    }
    return isAvailable(language) ? language : QStringLiteral("en");
}

bool Language::setLanguage(const QString &code)
{
    if (!isAvailable(code)) {
        return false;
    }
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator.get());
        m_translator.reset();
    }
    if (code != QLatin1String("en")) {
        auto translator = std::make_unique<QTranslator>();
        if (translator->load(QStringLiteral("seesaw_") + code, m_directory) &&
            QCoreApplication::installTranslator(translator.get())) {
            m_translator = std::move(translator);
        } else {
            qInfo().noquote() << "seesaw-ui: no translation for" << code << "yet; English it is";
        }
    }
    QLocale::setDefault(QLocale(code));
    const bool changed = code != m_current;
    m_current = code;
    if (m_engine != nullptr) {
        m_engine->retranslate();
    }
    if (changed) {
        Q_EMIT currentChanged();
    }
    return true;
}
