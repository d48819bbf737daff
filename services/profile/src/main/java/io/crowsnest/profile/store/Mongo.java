package io.crowsnest.profile.store;

import java.time.Instant;
import java.util.Date;

/** Helpers shared by the stores: map keys and dates. */
final class Mongo {

    private Mongo() {
    }

    /**
     * A path, product id or division id as a field name: dots separate fields in MongoDB, so they
     * become '~', which none of those ids may contain.
     */
    static String key(String id) {
        return id.replace('.', '~');
    }

    static String unkey(String field) {
        return field.replace('~', '.');
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
