package io.crowsnest.scoring.domain;

import java.net.URI;
import java.util.Locale;

/**
 * Where an event's traffic came from: the utm_source property, else the referrer's host, else
 * "direct"; lower case, without control characters (the live store separates fields with one).
 */
public final class TrafficSource {

    private TrafficSource() {
    }

    public static String of(ObservedEvent event) {
        return found(event).replaceAll("\\p{Cntrl}", "");
    }

    private static String found(ObservedEvent event) {
        if (event.properties().get("utm_source") instanceof String utm && !utm.isBlank()) {
            return utm.trim().toLowerCase(Locale.ROOT);
        }
        String referrer = event.referrer().trim();
        if (referrer.isEmpty()) {
            return "direct";
        }
        try {
            String host = URI.create(referrer).getHost();
            if (host != null && !host.isEmpty()) {
                return host.toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
            }
        } catch (IllegalArgumentException e) {
            // not a URL: a source tag such as "newsletter"
        }
        return referrer.toLowerCase(Locale.ROOT);
    }
}
