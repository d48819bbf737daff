package io.crowsnest.profile.domain;

import java.util.Map;
import java.util.TreeMap;

/** How many custom attributes a person may hold, and how many a change would leave it. */
public final class CustomAttributes {

    /** The most custom attributes (attribute paths under custom.) one person holds. */
    public static final int MAX = 100;

    private CustomAttributes() {
    }

    /** The custom attributes set (not cleared) once the written facts replace the current ones. */
    public static long after(Map<String, Fact> current, Map<String, Fact> written) {
        Map<String, Fact> after = new TreeMap<>(current);
        after.putAll(written);
        return after.entrySet().stream()
                .filter(e -> AttributePaths.isCustom(e.getKey()) && !e.getValue().cleared()).count();
    }

    /** Refuses a change that would leave more than {@link #MAX}. */
    public static void check(Map<String, Fact> current, Map<String, Fact> written) {
        long custom = after(current, written);
        if (custom > MAX) {
            throw new ProfileErrors.TooManyCustomAttributes(MAX, custom);
        }
    }
}
