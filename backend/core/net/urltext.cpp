#include "net/urltext.h"

#include "base/hostilestring.h"

namespace seesaw {

QString shownUrl(const QUrl &url)
{
    return displayString(
        url.toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo), 200);
}

bool sameOrigin(const QUrl &url, const QUrl &base)
{
    const auto port = [](const QUrl &u) {
        return u.port(u.scheme() == QLatin1String("https") ? 443 : 80);
    };
    return !url.scheme().isEmpty() && url.scheme() == base.scheme() &&
           url.host().compare(base.host(), Qt::CaseInsensitive) == 0 && port(url) == port(base);
}

} // namespace seesaw
