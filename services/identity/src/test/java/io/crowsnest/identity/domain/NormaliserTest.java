package io.crowsnest.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class NormaliserTest {

    private final Normaliser normaliser = new Normaliser(
            IdentifierTypes.of(List.of("cookie", "device", "email", "phone", "crm", "loyalty", "social", "account",
                    "tv-box:shareable")),
            "FR", new KeyedHash("test-key-of-sixteen-chars"));

    @Test
    void emailsAreTrimmedLowerCasedAndMasked() throws Exception {
        Identifier email = normaliser.normalise("email", "  Jane.Doe@Example.com ", "");
        assertEquals("jane.doe@example.com", email.value());
        assertEquals("j***@example.com", email.masked());
        assertEquals(email.hash(), normaliser.normalise("email", "jane.doe@example.com", "").hash());
    }

    @Test
    void phonesBecomeE164AndAreMasked() throws Exception {
        Identifier phone = normaliser.normalise("phone", "06 12 34 56 78", "");
        assertEquals("+33612345678", phone.value());
        assertEquals("+33 6** ** ** 78", phone.masked());
        assertEquals(phone.hash(), normaliser.normalise("phone", "+33 6 12 34 56 78", "").hash());
    }

    @Test
    void theHashDependsOnTypeNamespaceAndKey() throws Exception {
        Identifier crm = normaliser.normalise("crm", "12345678", "");
        assertNotEquals(crm.hash(), normaliser.normalise("account", "12345678", "").hash());
        Normaliser otherKey = new Normaliser(IdentifierTypes.of(List.of("cookie", "device", "email", "phone", "crm",
                "loyalty", "social", "account")), "FR", new KeyedHash("another-key-sixteen-chars"));
        assertNotEquals(crm.hash(), otherKey.normalise("crm", "12345678", "").hash());
    }

    @Test
    void badValuesAndTypesAreRefused() {
        assertEquals("value", assertThrows(InvalidIdentifier.class,
                () -> normaliser.normalise("email", "a@b@c", "")).part());
        assertEquals("value", assertThrows(InvalidIdentifier.class,
                () -> normaliser.normalise("phone", "hello", "")).part());
        assertEquals("type", assertThrows(InvalidIdentifier.class,
                () -> normaliser.normalise("fax", "1", "")).part());
        assertEquals("value", assertThrows(InvalidIdentifier.class,
                () -> normaliser.normalise("cookie", "   ", "")).part());
    }

    @Test
    void extraTypesComeAfterTheBuiltInOnes() {
        List<IdentifierType> all = normaliser.types().all();
        assertEquals("tv-box", all.get(8).name());
        assertEquals(false, all.get(8).unique());
        assertThrows(IllegalArgumentException.class, () -> IdentifierTypes.of(List.of("cookie")));
    }
}
