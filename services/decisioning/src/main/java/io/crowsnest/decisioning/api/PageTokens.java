package io.crowsnest.decisioning.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.crowsnest.platform.grpc.GrpcErrors;

/** Page tokens: the filter they were issued for and the last item's key, base64url. */
final class PageTokens {

    private PageTokens() {
    }

    static String issue(String filterKey, String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((Integer.toHexString(filterKey.hashCode()) + "|" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The last key a token names ("" for no token); PAGE_TOKEN_INVALID when malformed or foreign. */
    static String read(String token, String filterKey) {
        if (token.isEmpty()) {
            return "";
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 2);
            if (parts.length == 2 && parts[0].equals(Integer.toHexString(filterKey.hashCode()))) {
                return parts[1];
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw GrpcErrors.invalid("page.page_token", "is malformed or was issued for another request",
                "PAGE_TOKEN_INVALID");
    }

    static int size(int asked, int def, int max, io.crowsnest.platform.grpc.GrpcErrors.Violations v) {
        if (asked < 0 || asked > max) {
            v.add("page.page_size", "must be 0 (default " + def + ") to " + max + ", got " + asked);
        }
        return asked <= 0 ? def : Math.min(asked, max);
    }

}
