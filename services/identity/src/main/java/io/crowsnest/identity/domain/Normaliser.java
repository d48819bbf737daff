package io.crowsnest.identity.domain;

import java.util.Locale;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Turns an identifier as a channel saw it into its normalised value, mask and keyed hash:
 * emails trimmed and lower-cased, phones to E.164 (national numbers read in the default region),
 * other values trimmed.
 */
public final class Normaliser {

    public static final int MAX_VALUE_LENGTH = 512;
    public static final String TYPE_UNKNOWN = "IDENTIFIER_TYPE_UNKNOWN";
    public static final String INVALID = "IDENTIFIER_INVALID";

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final IdentifierTypes types;
    private final String defaultRegion;
    private final HashKeys hash;

    /** A normaliser hashing under one key, the original version. */
    public Normaliser(IdentifierTypes types, String defaultRegion, KeyedHash hash) {
        this(types, defaultRegion, HashKeys.single(hash));
    }

    public Normaliser(IdentifierTypes types, String defaultRegion, HashKeys hash) {
        if (!PHONES.getSupportedRegions().contains(defaultRegion.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("default region '" + defaultRegion + "' is not a known region code");
        }
        this.types = types;
        this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
        this.hash = hash;
    }

    public IdentifierTypes types() {
        return types;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /** The hash keys identifiers are hashed under. */
    public HashKeys keys() {
        return hash;
    }

    private Identifier identifier(IdentifierType type, String ns, String value, String masked) {
        return new Identifier(type, ns, value, masked, hash.hash(type.name(), ns, value), hash.current(),
                hash.olderHashes(type.name(), ns, value));
    }

    public Identifier normalise(String typeName, String rawValue, String namespace) throws InvalidIdentifier {
        IdentifierType type = types.find(typeName).orElseThrow(() -> new InvalidIdentifier("type",
                typeName.isEmpty() ? "identifier type is required" : "unknown identifier type '" + typeName + "'",
                TYPE_UNKNOWN));
        String ns = namespace.trim();
        if (type.namespaceRequired() && ns.isEmpty()) {
            throw new InvalidIdentifier("namespace", "a '" + type.name() + "' identifier needs a namespace", INVALID);
        }
        if (!type.namespaceRequired() && !ns.isEmpty()) {
            throw new InvalidIdentifier("namespace", "a '" + type.name() + "' identifier takes no namespace", INVALID);
        }
        if (ns.length() > 128) {
            throw new InvalidIdentifier("namespace", "namespace is longer than 128 characters", INVALID);
        }
        if (rawValue.length() > MAX_VALUE_LENGTH) {
            throw new InvalidIdentifier("value", "value is longer than " + MAX_VALUE_LENGTH + " characters", INVALID);
        }
        String value = rawValue.strip();
        if (value.isEmpty()) {
            throw new InvalidIdentifier("value", "value is empty", INVALID);
        }
        return switch (type.normalisation()) {
            case EMAIL -> email(type, ns, value);
            case PHONE -> phone(type, ns, value);
            case TRIM -> identifier(type, ns, value, Masks.generic(value));
        };
    }

    private Identifier email(IdentifierType type, String ns, String trimmed) throws InvalidIdentifier {
        String value = trimmed.toLowerCase(Locale.ROOT);
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1) {
            throw new InvalidIdentifier("value", "not an email address: it needs one '@' between a name and a domain",
                    INVALID);
        }
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidIdentifier("value", "not an email address: it contains spaces", INVALID);
        }
        return identifier(type, ns, value, Masks.email(value));
    }

    private Identifier phone(IdentifierType type, String ns, String trimmed) throws InvalidIdentifier {
        PhoneNumber number;
        try {
            number = PHONES.parse(trimmed, defaultRegion);
        } catch (NumberParseException e) {
            throw new InvalidIdentifier("value", "not a phone number", INVALID);
        }
        if (!PHONES.isValidNumber(number)) {
            throw new InvalidIdentifier("value", "not a valid phone number (national numbers are read in region "
                    + defaultRegion + ")", INVALID);
        }
        String e164 = PHONES.format(number, PhoneNumberFormat.E164);
        String cc = String.valueOf(number.getCountryCode());
        return identifier(type, ns, e164, Masks.phone(cc, e164.substring(1 + cc.length())));
    }
}
