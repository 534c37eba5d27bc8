// What a URL is called in messages (no network here: for seesawd and the CLI as for net/).
#pragma once

#include <QString>
#include <QUrl>

namespace seesaw {

// No query, no fragment, no user (they may carry tokens), bounded and printable.
QString shownUrl(const QUrl &url);

// Same scheme, host (in any case) and port (the scheme's default when none is given) as `base`:
// where credentials meant for `base` may go.
bool sameOrigin(const QUrl &url, const QUrl &base);

} // namespace seesaw
