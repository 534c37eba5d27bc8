// What the device remembers across reboots and power cuts: data-directory/state.json
// (replaced atomically: temp file, fsync, rename, fsync of the directory). The append-only,
// hash-chained history.jsonl beside it is state/history.h.
#pragma once

#include "base/result.h"
#include "state/devicestate.h"

#include <QString>

namespace seesaw {

class StateStore {
public:
    explicit StateStore(QString dataDirectory);

    // A missing state.json is an empty state; a corrupt one is an error ("state.corrupt").
    [[nodiscard]] Result<DeviceState> load() const;
    // Atomic replace. Error "state.io"; "state.invalid" for a state load() would refuse (a hash
    // that is not 32 bytes, historyCount and historyHead disagreeing, over 1 MiB).
    [[nodiscard]] Status save(const DeviceState &state) const;

    [[nodiscard]] QString statePath() const;
    [[nodiscard]] QString historyPath() const;

private:
    QString m_dir;
};

} // namespace seesaw
