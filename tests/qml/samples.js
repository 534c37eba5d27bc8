// InspectBundle summaries as seesawd reports them (docs/dbus-api.md), for the page tests.
.pragma library

function checks(overrides) {
    const list = [
        { id: "compatible", passed: true, reason: "Made for acme-panel-rk3588." },
        { id: "hardware", passed: true, reason: "Hardware revision rev-b is supported." },
        { id: "version", passed: true, reason: "Updates from 2.0.3 to 2.1.0." },
        { id: "min-version", passed: true, reason: "No minimum version." },
        { id: "slot-size", passed: true, reason: "The image fits into slot B (512 MiB)." },
        { id: "free-space", passed: true, reason: "120 MiB free for Seesaw's records." },
        { id: "power", passed: true, reason: "Running on external power." }
    ];
    for (const c of list) {
        if (overrides && overrides[c.id])
            Object.assign(c, overrides[c.id]);
    }
    // Checks the daemon adds only when they apply ("known-good"), in the order given.
    for (const id in overrides || {}) {
        if (!list.some(c => c.id === id))
            list.push(Object.assign({ id: id }, overrides[id]));
    }
    return list;
}

function summary(opts) {
    const o = opts || {};
    const trusted = o.trusted !== undefined ? o.trusted : true;
    const list = checks(o.checks);
    return {
        compatible: "acme-panel-rk3588",
        version: o.version || "2.1.0",
        build: "20261120.1",
        created: "2026-11-20T08:30:00Z",
        min_version: "",
        hardware: ["rev-a", "rev-b"],
        release_notes: o.notes || { en: "Faster boot.\n<b>Not bold</b>", de: "Schnellerer Start." },
        images: o.artifacts && o.images === false ? []
                : [{ slot_class: "rootfs", size: 536870912, stored_size: 210000000 }],
        artifacts: o.artifacts || [],
        needs_reboot: !(o.artifacts && o.images === false),
        manifest_hash: "ab".repeat(32),
        signature: { trusted: trusted, key_id: trusted ? "3f9a1c" : "",
                     key_name: trusted ? o.keyName || "" : "",
                     message: o.signatureMessage || (trusted ? "Signed by a key in /etc/seesaw/keys." : "No signature by a trusted key.") },
        checks: list,
        installable: trusted && list.every(c => c.passed),
        file_size: o.delta ? 48000000 : 210004096,
        delta: o.delta || {},
        // seesawd compares the versions (the pages' tests run 2.0.3); the tests name it.
        direction: o.direction || "upgrade"
    };
}
