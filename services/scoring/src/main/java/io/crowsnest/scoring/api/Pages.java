package io.crowsnest.scoring.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import io.crowsnest.common.v1.PageRequest;

/**
 * Keyset paging: a token holds the sort key of the last row returned, bound to the filter it was
 * issued for, so that the next page starts right after it (no skipping through earlier rows) and
 * a token reused with another filter is refused.
 */
final class Pages {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    private Pages() {
    }

    /** The key to start after ("" for the first page) and the page size. */
    record Page(String after, int size) {
    }

    static Page read(PageRequest request, String filter, String field, Checks checks) {
        if (request.getPageSize() < 0 || request.getPageSize() > MAX_SIZE) {
            checks.add(field + ".page_size", "must be 0 (default 50) to 500, got " + request.getPageSize());
        }
        int size = request.getPageSize() <= 0 ? DEFAULT_SIZE : Math.min(request.getPageSize(), MAX_SIZE);
        if (request.getPageToken().isEmpty()) {
            return new Page("", size);
        }
        String prefix = Integer.toHexString(filter.hashCode()) + "\n";
        try {
            String token = new String(Base64.getUrlDecoder().decode(request.getPageToken()), StandardCharsets.UTF_8);
            if (token.startsWith(prefix) && token.length() > prefix.length()) {
                return new Page(token.substring(prefix.length()), size);
            }
        } catch (IllegalArgumentException e) {
            // not base64: refused below
        }
        checks.add(field + ".page_token", "is malformed or was issued for another filter", "PAGE_TOKEN_INVALID");
        return new Page("", size);
    }

    /** The token of the page after these rows; empty when they did not fill the page. */
    static <T> String next(Page page, List<T> rows, Function<T, String> key, String filter) {
        if (rows.size() < page.size()) {
            return "";
        }
        String token = Integer.toHexString(filter.hashCode()) + "\n" + key.apply(rows.get(rows.size() - 1));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }
}
