package io.crowsnest.decisioning.api;

import io.crowsnest.decisioning.domain.FieldChecks;
import io.crowsnest.platform.grpc.RequestChecks;

/**
 * Decisioning's lists page with platform's keyset tokens (bound to the filter they were issued
 * for); only the page sizes differ per list, so they are checked here.
 */
final class PageTokens {

    private PageTokens() {
    }

    static String issue(String filterKey, String lastKey) {
        return io.crowsnest.platform.paging.PageTokens.issue(filterKey, lastKey);
    }

    /** The last key a token names ("" for no token); PAGE_TOKEN_INVALID when malformed or foreign. */
    static String read(String token, String filterKey) {
        if (token.isEmpty()) {
            return "";
        }
        RequestChecks checks = new RequestChecks();
        String after = io.crowsnest.platform.paging.PageTokens.read(1, token, filterKey, "page", checks).after();
        checks.throwIfAny();
        return after;
    }

    static int size(int asked, int def, int max, FieldChecks v) {
        if (asked < 0 || asked > max) {
            v.add("page.page_size", "must be 0 (default " + def + ") to " + max + ", got " + asked);
        }
        return asked <= 0 ? def : Math.min(asked, max);
    }
}
