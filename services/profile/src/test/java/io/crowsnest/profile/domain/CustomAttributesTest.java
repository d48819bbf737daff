package io.crowsnest.profile.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CustomAttributesTest {

    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    static Fact fact(Object value) {
        return new Fact(value, T, T, "crm-import", "");
    }

    static Map<String, Fact> custom(int from, int count) {
        Map<String, Fact> facts = new HashMap<>();
        for (int i = from; i < from + count; i++) {
            facts.put("custom.key_" + i, fact("v" + i));
        }
        return facts;
    }

    @Test
    void onlySetCustomAttributesCountOnceTheChangeReplacesWhatIsCurrent() {
        Map<String, Fact> current = custom(0, 3);
        current.put("given_name", fact("Jane"));
        Map<String, Fact> written = new HashMap<>(custom(2, 2));
        written.put("custom.key_0", fact(null));
        assertEquals(3, CustomAttributes.after(current, written), "key_0 cleared, key_2 rewritten, key_3 added");
    }

    @Test
    void aChangeMayReachTheLimitButNotGoBeyondIt() {
        assertDoesNotThrow(() -> CustomAttributes.check(custom(0, 99), custom(99, 1)));
        ProfileException refused = assertThrows(ProfileException.class,
                () -> CustomAttributes.check(custom(0, 100), custom(100, 1)));
        assertEquals(ProfileException.Kind.INVALID_ARGUMENT, refused.kind());
        assertEquals("attributes.custom", refused.field());
        assertEquals("a person has at most 100 custom attributes; this change would make 101", refused.getMessage());
    }
}
