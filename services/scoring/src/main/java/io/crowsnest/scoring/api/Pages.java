package io.crowsnest.scoring.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.crowsnest.common.v1.PageRequest;

/**
 * Page tokens: an offset bound to the filter it was issued for, so that a token reused with
 * another filter is refused instead of silently skipping rows.
 */
final class Pages {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    private Pages() {
    }

    /** Offset and size of a requested page. */
    record Page(int offset, int size) {
    }

    static Page read(PageRequest page, String filterKey, String field, Checks checks) {
        int size = page.getPageSize() == 0 ? DEFAULT_SIZE : page.getPageSize();
        if (page.getPageSize() < 0 || page.getPageSize() > MAX_SIZE) {
            checks.add(field + ".page_size", "must be 0 (default 50) to 500, got " + page.getPageSize());
        }
        if (page.getPageToken().isEmpty()) {
            return new Page(0, size);
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(page.getPageToken()), StandardCharsets.UTF_8);
            String[] parts = decoded.split(";", 2);
            if (parts.length == 2 && parts[1].equals(Integer.toHexString(filterKey.hashCode()))) {
                return new Page(Integer.parseInt(parts[0]), size);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the violation below
        }
        checks.add(field + ".page_token", "is malformed or was issued for another filter", "PAGE_TOKEN_INVALID");
        return new Page(0, size);
    }

    /** The token of the next page, or empty when fewer rows than a page came back. */
    static String next(Page page, int returned, String filterKey) {
        if (returned < page.size()) {
            return "";
        }
        String raw = (page.offset() + returned) + ";" + Integer.toHexString(filterKey.hashCode());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
