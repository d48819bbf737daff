package io.crowsnest.contactgovernance.service;

import io.crowsnest.platform.digest.Digests;

/** Ids derived from idempotency keys: a retried request reuses the same reservation or ledger entry. */
final class StableIds {

    private StableIds() {
    }

    /** The first 128 bits of the text's SHA-256, as 32 hex digits (the form stored ids have always had). */
    static String digest(String text) {
        return Digests.sha256Hex(text).substring(0, 32);
    }
}
