package io.crowsnest.alertnotification.store;

import java.time.Instant;
import java.util.Date;

/** Instants to and from BSON dates, null staying null. */
final class Dates {

    private Dates() {
    }

    static Date of(Instant at) {
        return at == null ? null : Date.from(at);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
