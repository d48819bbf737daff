package io.crowsnest.decisioning.client;

import java.util.List;
import java.util.Map;

/**
 * What profile holds about the person, as a decision reads it.
 *
 * @param attributes the attributes the person has (given_name, family_name, language, time_zone,
 *                   country, city, postal_code; one the person lacks is absent), in that order
 * @param custom     the custom attributes as plain Java values
 * @param answers    the answered questions by id, as plain Java values
 * @param products   the products the person holds now
 * @param encoded    profile's own encoding of the whole profile (crowsnest.profile.v1.Profile):
 *                   an opaque payload handed unread to expressions, which are written against it
 */
public record PersonProfile(String personId, Map<String, String> attributes, Map<String, Object> custom,
        Map<String, Object> answers, List<Holding> products, byte[] encoded) {

    /** A product the person holds. */
    public record Holding(String productId, String name, String version, String division) {
    }

    /** The person's language, "" when unknown. */
    public String language() {
        return attributes.getOrDefault("language", "");
    }
}
