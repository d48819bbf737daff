package io.crowsnest.contactgovernance.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a policy as written ({@link PolicyDraft}, checked by {@link PolicyRules}) reads as the rules
 * the evaluator applies ({@link ContactPolicy}): windows as durations (a month is 30 days) and in
 * words ("daily", "3-day"), a rule's categories defaulting to MARKETING when none are listed, an
 * empty division or campaign meaning "each one separately", absent consent rules meaning none.
 */
public final class PolicyReading {

    private PolicyReading() {
    }

    /** The evaluator's view of a policy that passed {@link PolicyRules#check}. */
    public static ContactPolicy rules(PolicyDraft p, PolicyRef ref) {
        List<ContactPolicy.Division> divisions = p.divisions().stream()
                .map(d -> new ContactPolicy.Division(d.divisionId(), d.displayName(), d.priority(), d.capShares()
                        .stream().map(s -> new ContactPolicy.CapShare(s.ruleId(), s.maxContacts())).toList()))
                .toList();
        List<ContactPolicy.FrequencyCap> caps = p.frequencyCaps().stream()
                .map(c -> new ContactPolicy.FrequencyCap(c.ruleId(), c.description(), known(c.scope()),
                        c.channel().value(), blankAsNull(c.divisionId()), blankAsNull(c.campaignId()),
                        c.maxContacts(), duration(c.window()), words(c.window()), orMarketing(c.categories())))
                .toList();
        List<ContactPolicy.MinimumGap> gaps = p.minimumGaps().stream()
                .map(g -> new ContactPolicy.MinimumGap(g.ruleId(), g.channel().value(),
                        Duration.ofSeconds(g.minGapSeconds())))
                .toList();
        List<ContactPolicy.QuietHours> quiet = p.quietHours().stream()
                .map(q -> {
                    Set<DayOfWeek> days = new HashSet<>();
                    q.days().forEach(d -> days.add(known(d)));
                    return new ContactPolicy.QuietHours(q.ruleId(), q.channel().value(),
                            LocalTime.parse(q.startLocalTime()), LocalTime.parse(q.endLocalTime()), days,
                            orMarketing(q.categories()));
                })
                .toList();
        Set<ContactPolicy.ChannelPurpose> optIn = new HashSet<>();
        PolicyDraft.ConsentRules c = p.consent() == null ? new PolicyDraft.ConsentRules(List.of(), List.of(),
                List.of()) : p.consent();
        c.optInRequired().forEach(o -> optIn.add(new ContactPolicy.ChannelPurpose(o.channel().value(),
                known(o.purpose()))));
        ContactPolicy.ConsentRules consent = new ContactPolicy.ConsentRules(optIn,
                listed(c.doNotContactCategories()), listed(c.consentExemptCategories()));
        Optional<ContactPolicy.FatigueRules> fatigue = Optional.ofNullable(p.fatigue())
                .map(f -> new ContactPolicy.FatigueRules(duration(f.window()),
                        Duration.ofSeconds(f.responseGraceSeconds()), Duration.ofSeconds(f.halfLifeSeconds()),
                        orMarketing(f.categories()), f.thresholds().stream()
                                .map(t -> new ContactPolicy.FatigueThreshold(t.levelId(), t.minScore(),
                                        t.capReductionPercent(), Set.copyOf(t.ruleIds())))
                                .toList()));
        return new ContactPolicy(ref, ZoneId.of(p.defaultTimeZone()), divisions, caps, gaps, quiet, consent,
                fatigue);
    }

    /** A rolling window's length: HOURS, DAYS, WEEKS or MONTHS of 30 days. */
    public static Duration duration(PolicyDraft.Window window) {
        if (window == null || window.unit().value() == null) {
            throw new IllegalArgumentException("window unit unspecified");
        }
        long seconds = switch (window.unit().value()) {
            case HOURS -> 3600L;
            case DAYS -> 86400L;
            case WEEKS -> 604800L;
            case MONTHS -> 2592000L;
            default -> throw new IllegalArgumentException("window unit " + window.unit() + " is not a rolling unit");
        };
        return Duration.ofSeconds(seconds * window.length());
    }

    /** "daily", "weekly", "monthly", "hourly", or "3-day" and the like. */
    public static String words(PolicyDraft.Window window) {
        ChronoUnit known = window.unit().value();
        String unit = known == ChronoUnit.HOURS ? "hour" : known == ChronoUnit.DAYS ? "day"
                : known == ChronoUnit.WEEKS ? "week" : "month";
        if (window.length() == 1) {
            return unit.equals("day") ? "daily" : unit + "ly";
        }
        return window.length() + "-" + unit;
    }

    private static <E extends Enum<E>> E known(Choice<E> choice) {
        if (choice.value() == null) {
            throw new IllegalArgumentException(choice.label() + " is not a known value");
        }
        return choice.value();
    }

    private static String blankAsNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** The categories listed, MARKETING when none are. */
    private static Set<Category> orMarketing(List<Choice<Category>> categories) {
        return categories.isEmpty() ? EnumSet.of(Category.MARKETING) : listed(categories);
    }

    private static Set<Category> listed(List<Choice<Category>> categories) {
        Set<Category> out = EnumSet.noneOf(Category.class);
        categories.forEach(c -> out.add(known(c)));
        return out;
    }
}
