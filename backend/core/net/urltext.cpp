#include "net/urltext.h"

#include "base/hostilestring.h"

namespace seesaw {

QString shownUrl(const QUrl &url)
{
    return displayString(
        url.toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo), 200);
}

} // namespace seesaw
