package io.crowsnest.scoring.domain;

import java.util.List;
import java.util.Set;

import com.google.re2j.Pattern;

/**
 * The conditions an event must meet for a rule to award points; an empty set, a null pattern or
 * purchase minimum and a 0 bound mean "no condition".
 */
public record EventCondition(Set<String> eventTypes, Set<String> channels, Set<String> sources, Pattern referrer,
        int minPageDepth, int maxPageDepth, int minTimeOnPageSeconds, int maxTimeOnPageSeconds,
        List<PropertyCondition> properties, Money minPurchase) {

    public boolean matches(ObservedEvent event) {
        return (eventTypes.isEmpty() || eventTypes.contains(event.type()))
                && (channels.isEmpty() || channels.contains(event.channel()))
                && (sources.isEmpty() || sources.contains(event.source()))
                && (referrer == null || referrer.matcher(event.referrer()).find())
                && within(event.pageDepth(), minPageDepth, maxPageDepth)
                && within(event.timeOnPageSeconds(), minTimeOnPageSeconds, maxTimeOnPageSeconds)
                && properties.stream().allMatch(p -> p.holds(event.properties()))
                && purchaseReaches(event.purchase());
    }

    private static boolean within(int value, int min, int max) {
        return value >= min && (max == 0 || value <= max);
    }

    private boolean purchaseReaches(Money paid) {
        return minPurchase == null || paid != null && paid.currency().equals(minPurchase.currency())
                && paid.amountMinor() >= minPurchase.amountMinor();
    }
}
