package io.crowsnest.contactgovernance.api;

import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.paging.PageTokens;

/**
 * This service's listings page by offset (the stores skip to it) on the platform's
 * {@link PageTokens}: a token carries the offset of the next row as its key, bound to the filter it
 * was issued for, so a token reused with another filter (or one issued before the platform's
 * tokens, or forged) is refused INVALID_ARGUMENT PAGE_TOKEN_INVALID instead of skipping rows.
 */
final class Pages {

    private Pages() {
    }

    /** Offset and size of a requested page. */
    record Page(int offset, int size) {
    }

    static Page read(PageRequest request, String filter, String field, RequestChecks checks) {
        PageTokens.Page page = PageTokens.read(request, filter, field, checks);
        return new Page((int) PageTokens.number(page, 0, 1, Integer.MAX_VALUE, field, checks), page.size());
    }

    /** The token of the next page, or empty when fewer rows than a page came back. */
    static String next(Page page, int returned, String filter) {
        return returned < page.size() ? "" : PageTokens.issue(filter, String.valueOf(page.offset() + returned));
    }
}
