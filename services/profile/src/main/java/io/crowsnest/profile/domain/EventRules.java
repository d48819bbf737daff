package io.crowsnest.profile.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules an event meets before identity is asked anything or anything is written: 1 to 20
 * identifiers, a known type and channel, a custom type {@code [a-z][a-z0-9_.]{0,63}} on custom events
 * only, an occurrence no further ahead than the clock skew and no older than the retention
 * ({@link EventTime}), properties by {@link PropertyRules}, an amount on purchases only, in an ISO
 * 4217 currency. (The message's size and the fields every contract shares are checked by api/.)
 */
public final class EventRules {

    public static final int MAX_IDENTIFIERS = 20;
    private static final Pattern CUSTOM_TYPE = Pattern.compile("[a-z][a-z0-9_.]{0,63}");

    private EventRules() {
    }

    /**
     * An event as the rules read it: its type and channel by name without prefix (PAGE_VIEW, WEB), ""
     * when not given and null when unknown to this release; when it occurred (null when not given or
     * not a valid instant, which api/ reports); its properties as plain values; the currency of its
     * amount, null without one.
     */
    public record Event(int identifiers, String type, String customType, String channel, Instant occurredAt,
            Map<String, Object> properties, String currencyCode) {
    }

    /** Every broken rule of the event, at its request path, checked at {@code now}. */
    public static List<PropertyRules.Problem> check(Event e, Instant now, Duration clockSkew, Duration retention) {
        List<PropertyRules.Problem> problems = new ArrayList<>();
        if (e.identifiers() == 0) {
            problems.add(new PropertyRules.Problem("identifiers", "at least one identifier is required"));
        } else if (e.identifiers() > MAX_IDENTIFIERS) {
            problems.add(new PropertyRules.Problem("identifiers", "at most " + MAX_IDENTIFIERS + " identifiers, got "
                    + e.identifiers()));
        }
        known(e.type(), "type", "unknown event type", problems);
        if ("CUSTOM".equals(e.type())) {
            if (e.customType().isEmpty() || !CUSTOM_TYPE.matcher(e.customType()).matches()) {
                problems.add(new PropertyRules.Problem("custom_type", e.customType().isEmpty() ? "is required"
                        : "must match " + CUSTOM_TYPE.pattern()));
            }
        } else if (!e.customType().isEmpty()) {
            problems.add(new PropertyRules.Problem("custom_type", "only EVENT_TYPE_CUSTOM events have a custom_type"));
        }
        known(e.channel(), "channel", "unknown channel", problems);
        if (e.occurredAt() != null) {
            occurredAt(e.occurredAt(), now, clockSkew, retention, problems);
        }
        problems.addAll(PropertyRules.check(e.properties(), e.type() == null ? "" : e.type(), "properties"));
        if (e.currencyCode() != null) {
            if (!"PURCHASE".equals(e.type())) {
                problems.add(new PropertyRules.Problem("amount", "only EVENT_TYPE_PURCHASE events carry an amount"));
            }
            if (!knownCurrency(e.currencyCode())) {
                problems.add(new PropertyRules.Problem("amount.currency_code", "'" + e.currencyCode()
                        + "' is not an ISO 4217 currency code"));
            }
        }
        return problems;
    }

    /** Whether the code is an ISO 4217 currency, in upper case. */
    private static boolean knownCurrency(String code) {
        try {
            return code.length() == 3 && code.equals(code.toUpperCase(Locale.ROOT)) && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void known(String name, String field, String unknown, List<PropertyRules.Problem> problems) {
        if (name == null || name.isEmpty()) {
            problems.add(new PropertyRules.Problem(field, name == null ? unknown : "is required"));
        }
    }

    private static void occurredAt(Instant at, Instant now, Duration skew, Duration retention,
            List<PropertyRules.Problem> problems) {
        switch (EventTime.check(at, now, skew, retention)) {
            case IN_FUTURE -> problems.add(new PropertyRules.Problem("occurred_at", at + " is more than " + skew
                    + " ahead of the service clock (" + now + ")", "EVENT_IN_FUTURE"));
            case TOO_OLD -> problems.add(new PropertyRules.Problem("occurred_at", at + " is older than the retention of "
                    + retention.toDays() + " days", "EVENT_TOO_OLD"));
            case OK -> {
            }
        }
    }
}
