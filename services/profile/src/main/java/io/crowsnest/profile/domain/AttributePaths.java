package io.crowsnest.profile.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The paths of the attribute history: an attribute ("given_name"), a demographic
 * ("demographics.birth_year"), a custom attribute ("custom.&lt;key&gt;"), a product
 * ("products.&lt;product_id&gt;") or a division relationship ("relationships.&lt;division_id&gt;").
 */
public final class AttributePaths {

    /** Every attribute path but the custom ones, in the order of the Attributes message. */
    public static final List<String> FIELDS = List.of("given_name", "family_name", "language", "time_zone",
            "country", "city", "postal_code", "demographics.birth_year", "demographics.gender",
            "demographics.household_size", "demographics.income_band", "demographics.occupation",
            "demographics.marital_status");

    public static final String CUSTOM = "custom.";
    public static final String PRODUCTS = "products.";
    public static final String RELATIONSHIPS = "relationships.";

    /** Custom attribute keys, and property keys of events. */
    public static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** Product ids (and question ids). */
    public static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Division ids. */
    public static final Pattern DIVISION_ID = Pattern.compile("[a-z0-9-]{1,40}");

    private static final List<String> GROUPS = List.of("demographics", "custom", "products", "relationships");

    private AttributePaths() {
    }

    /** A path UpdateAttributes may set from its attributes: a field or a custom attribute. */
    public static boolean settable(String path) {
        return FIELDS.contains(path) || isCustom(path);
    }

    public static boolean isCustom(String path) {
        return path.startsWith(CUSTOM) && KEY.matcher(path.substring(CUSTOM.length())).matches();
    }

    /** A prefix GetAttributeHistory may filter on: any path, or a group of paths. */
    public static boolean knownPrefix(String prefix) {
        return settable(prefix) || GROUPS.contains(prefix)
                || prefix.startsWith(PRODUCTS) && PRODUCT_ID.matcher(prefix.substring(PRODUCTS.length())).matches()
                || prefix.startsWith(RELATIONSHIPS)
                        && DIVISION_ID.matcher(prefix.substring(RELATIONSHIPS.length())).matches();
    }

    /** Whether a path equals the prefix or lies under it. */
    public static boolean covers(String prefix, String path) {
        return path.equals(prefix) || path.startsWith(prefix + ".");
    }
}
