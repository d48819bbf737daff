package io.crowsnest.identity.domain;

import java.util.Set;

/**
 * The rules of one identifier type: whether a value belongs to one person (unique) or may be
 * shared (a family's device), whether it makes its holder known, whether it needs a namespace,
 * and on which delivery channels its raw value may be handed out.
 */
public record IdentifierType(String name, boolean unique, boolean marksKnown, boolean namespaceRequired,
        Normalisation normalisation, Set<DeliveryChannel> deliveryChannels, boolean builtIn, String description) {

    /** How values of a type are normalised before hashing and matching. */
    public enum Normalisation {
        /** Trimmed and lower-cased; must hold one "@" and no spaces. */
        EMAIL,
        /** E.164 via libphonenumber, national numbers read in the default region. */
        PHONE,
        /** Trimmed only. */
        TRIM
    }

    /** Channels on which a raw value may be delivered. */
    public enum DeliveryChannel {
        EMAIL, SMS, PHONE
    }

    /** True when the raw (normalised) value is kept for delivery. */
    public boolean keepsRawValue() {
        return !deliveryChannels.isEmpty();
    }
}
