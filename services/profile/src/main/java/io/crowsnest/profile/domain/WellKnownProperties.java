package io.crowsnest.profile.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The well-known property keys of each event type (by the type's name without prefix, e.g.
 * "PAGE_VIEW") and the type each must have when present. Other keys are free.
 */
public final class WellKnownProperties {

    /** A type a well-known property must have. */
    enum Kind {
        STRING("a string", v -> v instanceof String),
        URL("an absolute URL", v -> v instanceof String s && absoluteUrl(s)),
        POSITIVE_INTEGER("a whole number of at least 1", v -> v instanceof Double d && d >= 1 && d == Math.rint(d)),
        COUNT("a whole number of at least 0", v -> v instanceof Double d && d >= 0 && d == Math.rint(d)),
        SECONDS("a number of seconds of at least 0", v -> v instanceof Double d && d >= 0),
        QUANTITY("a number greater than 0", v -> v instanceof Double d && d > 0),
        STRING_LIST("a list of strings", v -> v instanceof List<?> l && l.stream().allMatch(String.class::isInstance)),
        DIRECTION("\"inbound\" or \"outbound\"", v -> "inbound".equals(v) || "outbound".equals(v)),
        SENTIMENT("a number from -1 to 1", v -> v instanceof Double d && d >= -1 && d <= 1);

        private final String description;
        private final Predicate<Object> test;

        Kind(String description, Predicate<Object> test) {
            this.description = description;
            this.test = test;
        }
    }

    private static final Map<String, Map<String, Kind>> BY_TYPE = Map.ofEntries(
            Map.entry("PAGE_VIEW", Map.of("url", Kind.URL, "title", Kind.STRING, "page_depth", Kind.POSITIVE_INTEGER,
                    "time_on_page_seconds", Kind.SECONDS)),
            Map.entry("SEARCH", Map.of("query", Kind.STRING, "results_count", Kind.COUNT)),
            Map.entry("AD_CLICK", Map.of("campaign_id", Kind.STRING, "ad_id", Kind.STRING, "network", Kind.STRING)),
            Map.entry("EMAIL_OPEN", Map.of("message_id", Kind.STRING, "campaign_id", Kind.STRING)),
            Map.entry("EMAIL_CLICK", Map.of("message_id", Kind.STRING, "campaign_id", Kind.STRING, "url", Kind.URL)),
            Map.entry("PURCHASE", Map.of("order_id", Kind.STRING, "product_ids", Kind.STRING_LIST)),
            Map.entry("CART_ADD", Map.of("product_id", Kind.STRING, "quantity", Kind.QUANTITY)),
            Map.entry("CART_REMOVE", Map.of("product_id", Kind.STRING, "quantity", Kind.QUANTITY)),
            Map.entry("CALL_CENTRE_CALL", Map.of("direction", Kind.DIRECTION, "duration_seconds", Kind.SECONDS,
                    "notes", Kind.STRING, "outcome", Kind.STRING)),
            Map.entry("STORE_VISIT", Map.of("store_id", Kind.STRING, "duration_seconds", Kind.SECONDS)),
            Map.entry("SOCIAL_MENTION", Map.of("network", Kind.STRING, "post_url", Kind.URL,
                    "sentiment", Kind.SENTIMENT)));

    private WellKnownProperties() {
    }

    /** Why a property value does not fit its well-known type, or empty when it fits or the key is free. */
    public static Optional<String> problem(String eventType, String key, Object value) {
        Kind kind = BY_TYPE.getOrDefault(eventType, Map.of()).get(key);
        if (kind == null || kind.test.test(value)) {
            return Optional.empty();
        }
        return Optional.of("must be " + kind.description + " for " + eventType.toLowerCase(java.util.Locale.ROOT) + " events");
    }

    private static boolean absoluteUrl(String s) {
        try {
            URI uri = new URI(s);
            return uri.isAbsolute() && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
