package io.crowsnest.platform.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.platform.digest.Digests;
import io.crowsnest.platform.grpc.RequestChecks;

/**
 * Keyset page tokens: a token holds the sort key of the last item returned, bound to a fingerprint
 * of the filter it was issued for, so the next page starts right after that item (no skipping
 * through earlier rows) and a token replayed with another filter is refused (PAGE_TOKEN_INVALID)
 * instead of silently skipping items. Tokens are opaque base64url to callers.
 *
 * <p>The filter is any string that differs when the listing's filter differs (e.g. the request's
 * filter fields joined, or a content hash of the filter message). The key is the store's sort
 * key of the last item, which the service encodes and decodes itself (e.g. "instant|id").
 */
public final class PageTokens {

    /** Page size when a request asks for 0. */
    public static final int DEFAULT_SIZE = 50;
    /** Largest page a request may ask for. */
    public static final int MAX_SIZE = 500;

    private PageTokens() {
    }

    /** The key to start after ("" for the first page) and the page size. */
    public record Page(String after, int size) {

        public boolean first() {
            return after.isEmpty();
        }
    }

    /**
     * The page a request asks for; bad sizes and foreign or malformed tokens are recorded under
     * {@code field}.page_size / {@code field}.page_token (the first page is returned then).
     */
    public static Page read(PageRequest request, String filter, String field, RequestChecks checks) {
        return read(request.getPageSize(), request.getPageToken(), filter, field, checks);
    }

    /** As {@link #read(PageRequest, String, String, RequestChecks)} from the two fields. */
    public static Page read(int pageSize, String token, String filter, String field, RequestChecks checks) {
        if (pageSize < 0 || pageSize > MAX_SIZE) {
            checks.add(field + ".page_size", "must be 0 (default " + DEFAULT_SIZE + ") to " + MAX_SIZE + ", got "
                    + pageSize);
        }
        int size = pageSize <= 0 ? DEFAULT_SIZE : Math.min(pageSize, MAX_SIZE);
        if (token.isEmpty()) {
            return new Page("", size);
        }
        String prefix = fingerprint(filter) + "|";
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (raw.startsWith(prefix) && raw.length() > prefix.length()) {
                return new Page(raw.substring(prefix.length()), size);
            }
        } catch (IllegalArgumentException e) {
            // not base64: refused below like any other foreign token
        }
        checks.add(field + ".page_token", "is malformed or was issued for another filter", "PAGE_TOKEN_INVALID");
        return new Page("", size);
    }

    /**
     * The numeric key of a page read by {@link #read} (an offset, a change offset, a version):
     * {@code first} for the first page; a key that is no number from {@code least} to {@code most}
     * (a token forged, or issued by another listing) is recorded under {@code field}.page_token as
     * PAGE_TOKEN_INVALID and {@code first} is returned.
     */
    public static long number(Page page, long first, long least, long most, String field, RequestChecks checks) {
        if (page.first()) {
            return first;
        }
        try {
            long key = Long.parseLong(page.after());
            if (key >= least && key <= most) {
                return key;
            }
        } catch (NumberFormatException e) {
            // refused below like any other foreign token
        }
        checks.add(field + ".page_token", "is malformed or was issued for another filter", "PAGE_TOKEN_INVALID");
        return first;
    }

    /** The token of the page after one that returned {@code returned} items, the last with key {@code lastKey}; empty when the page was not full. */
    public static String next(Page page, int returned, String lastKey, String filter) {
        return returned < page.size() ? "" : issue(filter, lastKey);
    }

    /** A token that starts the next page after {@code lastKey} under {@code filter}. */
    public static String issue(String filter, String lastKey) {
        if (lastKey.isEmpty()) {
            throw new IllegalArgumentException("a page token needs the last item's key");
        }
        String raw = fingerprint(filter) + "|" + lastKey;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String fingerprint(String filter) {
        return Digests.sha256Hex(filter).substring(0, 16);
    }
}
