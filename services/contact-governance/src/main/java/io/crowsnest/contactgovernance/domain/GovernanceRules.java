package io.crowsnest.contactgovernance.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crowsnest.contactgovernance.domain.ContactPolicy.FrequencyCap;
import io.crowsnest.contactgovernance.domain.FatigueHistory.Fatigue;
import io.crowsnest.contactgovernance.domain.Verdict.Capacity;
import io.crowsnest.contactgovernance.domain.Verdict.Violation;

/**
 * Evaluates a contact against a policy: which counting rules apply (for the atomic Redis step)
 * and the verdict with every blocking rule, its figures, and the next allowed instant.
 */
public final class GovernanceRules {

    /** How far ahead the next allowed instant is searched. */
    public static final Duration SEARCH_HORIZON = Duration.ofDays(400);

    private GovernanceRules() {
    }

    /** Everything the evaluation needs, read before the atomic step. */
    public record Inputs(ContactPolicy policy, ConsentState consents, FatigueHistory history) {
    }

    /** Fatigue of the person at t; NONE when the policy has no fatigue rule. */
    public static Fatigue fatigueAt(Inputs in, Instant t) {
        return in.policy().fatigue().map(rules -> in.history().at(rules, t)).orElse(Fatigue.NONE);
    }

    /** The caps and division shares that apply to the intent, with fatigue applied. */
    public static List<CounterRule> counterRules(ContactPolicy policy, ContactIntent intent, Fatigue fatigue) {
        List<CounterRule> rules = new ArrayList<>();
        if (intent.category() == Category.MANDATORY) {
            return rules;
        }
        Optional<ContactPolicy.Division> division = policy.division(intent.division());
        for (FrequencyCap cap : policy.caps()) {
            if (!cap.categories().contains(intent.category())) {
                continue;
            }
            Channel channel = null;
            String div = null;
            String campaign = null;
            switch (cap.scope()) {
                case GLOBAL -> {
                }
                case CHANNEL -> channel = cap.channel() != null ? cap.channel() : intent.channel();
                case DIVISION -> div = cap.division() != null ? cap.division() : intent.division();
                case DIVISION_CHANNEL -> {
                    channel = cap.channel() != null ? cap.channel() : intent.channel();
                    div = cap.division() != null ? cap.division() : intent.division();
                }
                case CAMPAIGN -> {
                    if (intent.campaignId().isEmpty()) {
                        continue;
                    }
                    campaign = cap.campaignId() != null ? cap.campaignId() : intent.campaignId();
                }
            }
            if ((channel != null && channel != intent.channel()) || (div != null && !div.equals(intent.division()))
                    || (campaign != null && !campaign.equals(intent.campaignId()))) {
                continue;
            }
            boolean tighten = fatigue.tightens(cap);
            int limit = tighten ? reduce(cap.maxContacts(), fatigue.reductionPercent()) : cap.maxContacts();
            rules.add(new CounterRule(cap.ruleId(), false, cap.scope(), channel, div, campaign, cap.categories(),
                    cap.window(), cap.windowWords(), cap.maxContacts(), limit, limit < cap.maxContacts()));
            Optional<ContactPolicy.CapShare> share = division.flatMap(d -> d.shareOf(cap.ruleId()));
            if (share.isPresent()) {
                int base = share.get().maxContacts();
                int shareLimit = tighten ? reduce(base, fatigue.reductionPercent()) : base;
                rules.add(new CounterRule(cap.ruleId(), true, cap.scope(), channel, intent.division(), campaign,
                        cap.categories(), cap.window(), cap.windowWords(), base, shareLimit, shareLimit < base));
            }
        }
        return rules;
    }

    private static int reduce(int max, int percent) {
        return (int) Math.floor(max * (100 - percent) / 100.0);
    }

    /** The minimum gaps that apply to the intent (marketing contacts only). */
    public static List<GapRule> gapRules(ContactPolicy policy, ContactIntent intent) {
        List<GapRule> rules = new ArrayList<>();
        if (intent.category() != Category.MARKETING) {
            return rules;
        }
        for (ContactPolicy.MinimumGap gap : policy.gaps()) {
            if (gap.channel() == null || gap.channel() == intent.channel()) {
                rules.add(new GapRule(gap.ruleId(), gap.channel(), gap.minGap()));
            }
        }
        return rules;
    }

    /** True when the rules that do not count contacts (quiet hours, consent) allow the intent. */
    public static boolean uncountedRulesAllow(Inputs in, ContactIntent intent) {
        if (intent.category() == Category.MANDATORY) {
            return true;
        }
        Zone zone = zone(in, intent);
        List<Violation> violations = new ArrayList<>();
        QuietHoursRule.check(in.policy(), intent, zone, violations);
        ConsentRule.check(in, intent, violations);
        return violations.isEmpty();
    }

    /**
     * The verdict for the intent given the person's counted contacts (made and held, excluding the
     * request itself), evaluated at intent.at().
     */
    public static Verdict evaluate(Inputs in, ContactIntent intent, List<CountedContact> contacts, Instant now) {
        Zone zone = zone(in, intent);
        Fatigue fatigue = fatigueAt(in, intent.at());
        if (intent.category() == Category.MANDATORY) {
            List<Violation> waived = violationsAt(in, intent.as(Category.MARKETING), contacts, zone);
            return new Verdict(intent.personId(), true, List.of(), waived, null, false, List.of(),
                    fatigueStatus(fatigue, false), zone.id().getId(), zone.source(), intent.at(), now,
                    in.policy().ref());
        }
        List<CounterRule> counters = counterRules(in.policy(), intent, fatigue);
        List<Capacity> capacities = new ArrayList<>();
        for (CounterRule rule : counters) {
            capacities.add(capacity(rule, contacts, intent.at()));
        }
        List<Violation> violations = violationsAt(in, intent, contacts, zone);
        boolean tightened = counters.stream().anyMatch(CounterRule::tightened);
        if (violations.isEmpty()) {
            return new Verdict(intent.personId(), true, List.of(), List.of(), null, false, capacities,
                    fatigueStatus(fatigue, tightened), zone.id().getId(), zone.source(), intent.at(), now,
                    in.policy().ref());
        }
        boolean indefinitely = violations.stream().anyMatch(v -> v.clearsAt() == null);
        Instant next = indefinitely ? null : nextAllowed(in, intent, contacts, zone, violations);
        return new Verdict(intent.personId(), false, violations, List.of(), next, indefinitely, capacities,
                fatigueStatus(fatigue, tightened), zone.id().getId(), zone.source(), intent.at(), now,
                in.policy().ref());
    }

    private static Instant nextAllowed(Inputs in, ContactIntent intent, List<CountedContact> contacts, Zone zone,
            List<Violation> first) {
        Instant horizon = intent.at().plus(SEARCH_HORIZON);
        Instant candidate = intent.at();
        List<Violation> violations = first;
        for (int step = 0; step < 200; step++) {
            Instant next = candidate;
            for (Violation v : violations) {
                if (v.clearsAt() == null) {
                    return null;
                }
                if (v.clearsAt().isAfter(next)) {
                    next = v.clearsAt();
                }
            }
            if (!next.isAfter(candidate)) {
                next = candidate.plusSeconds(1);
            }
            if (next.isAfter(horizon)) {
                return null;
            }
            candidate = next;
            violations = violationsAt(in, intent.at(candidate), contacts, zone);
            if (violations.isEmpty()) {
                return candidate;
            }
        }
        return null;
    }

    /** The rules that block the intent at intent.at(), without searching when they clear (replays). */
    public static List<Violation> blockingRules(Inputs in, ContactIntent intent, List<CountedContact> contacts) {
        if (intent.category() == Category.MANDATORY) {
            return List.of();
        }
        return violationsAt(in, intent, contacts, zone(in, intent));
    }

    /** Every violation at intent.at(), in rule kind order then rule id. */
    static List<Violation> violationsAt(Inputs in, ContactIntent intent, List<CountedContact> contacts, Zone zone) {
        List<Violation> violations = new ArrayList<>();
        Instant t = intent.at();
        Fatigue fatigue = fatigueAt(in, t);
        for (CounterRule rule : counterRules(in.policy(), intent, fatigue)) {
            Capacity capacity = capacity(rule, contacts, t);
            if (capacity.remaining() <= 0) {
                violations.add(capViolation(in, rule, capacity, contacts, t, zone, fatigue));
            }
        }
        for (GapRule gap : gapRules(in.policy(), intent)) {
            gapViolation(gap, contacts, t, zone).ifPresent(violations::add);
        }
        QuietHoursRule.check(in.policy(), intent, zone, violations);
        ConsentRule.check(in, intent, violations);
        violations.sort(Comparator.comparing(Violation::kind).thenComparing(Violation::ruleId));
        return violations;
    }

    static Capacity capacity(CounterRule rule, List<CountedContact> contacts, Instant t) {
        int used = 0;
        int held = 0;
        Instant release = null;
        for (CountedContact c : contacts) {
            if (rule.counts(c, t)) {
                if (c.held()) {
                    held++;
                } else {
                    used++;
                }
                Instant leaves = c.at().plus(rule.window());
                if (release == null || leaves.isBefore(release)) {
                    release = leaves;
                }
            }
        }
        return new Capacity(rule, used, held, Math.max(0, rule.limit() - used - held), release);
    }

    private static Violation capViolation(Inputs in, CounterRule rule, Capacity capacity,
            List<CountedContact> contacts, Instant t, Zone zone, Fatigue fatigue) {
        List<Instant> leaving = contacts.stream().filter(c -> rule.counts(c, t))
                .map(c -> c.at().plus(rule.window())).sorted().toList();
        int counted = capacity.used() + capacity.held();
        Instant clears;
        if (rule.limit() <= 0) {
            clears = fatigueClears(in, t, fatigue);
        } else {
            clears = leaving.get(Math.max(0, counted - rule.limit()));
        }
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("used", Integer.toString(capacity.used()));
        figures.put("held", Integer.toString(capacity.held()));
        figures.put("limit", Integer.toString(rule.limit()));
        figures.put("base_limit", Integer.toString(rule.baseLimit()));
        figures.put("window", rule.windowWords());
        figures.put("scope", rule.scope().name());
        if (rule.channel() != null) {
            figures.put("channel", rule.channel().name());
        }
        if (rule.division() != null) {
            figures.put("division", rule.division());
        }
        if (rule.campaignId() != null) {
            figures.put("campaign_id", rule.campaignId());
        }
        StringBuilder message = new StringBuilder();
        if (rule.share()) {
            FrequencyCap cap = in.policy().caps().stream().filter(c -> c.ruleId().equals(rule.capRuleId()))
                    .findFirst().orElseThrow();
            figures.put("cap_limit", Integer.toString(cap.maxContacts()));
            message.append("division ").append(rule.division()).append(" share of the ").append(label(rule, false))
                    .append(' ').append(rule.windowWords()).append(" cap ");
        } else {
            message.append(label(rule, true)).append(' ').append(rule.windowWords()).append(" cap ");
        }
        message.append(counted).append(" of ").append(rule.limit()).append(" used");
        if (capacity.held() > 0) {
            message.append(" (").append(capacity.held()).append(" held by open reservations)");
        }
        if (rule.tightened()) {
            message.append("; limit lowered from ").append(rule.baseLimit()).append(" by fatigue level '")
                    .append(fatigue.level().levelId()).append('\'');
        }
        if (clears != null) {
            message.append("; next allowed ").append(Sentences.local(clears, zone));
        }
        return new Violation(rule.capRuleId(), rule.share() ? RuleKind.DIVISION_SHARE : RuleKind.FREQUENCY_CAP,
                rule.share() ? "DIVISION_SHARE_REACHED" : "FREQUENCY_CAP_REACHED", message.toString(),
                Map.copyOf(figures), clears);
    }

    /** When fatigue falls below the level that blocks, searched hour by hour. */
    private static Instant fatigueClears(Inputs in, Instant t, Fatigue fatigue) {
        if (fatigue.level() == null || in.policy().fatigue().isEmpty()) {
            return null;
        }
        Duration step = Duration.ofHours(1);
        for (Instant at = t.plus(step); !at.isAfter(t.plus(SEARCH_HORIZON)); at = at.plus(step)) {
            Fatigue later = in.history().at(in.policy().fatigue().get(), at);
            if (later.level() == null || later.level().capReductionPercent() < 100) {
                return at;
            }
        }
        return null;
    }

    private static String label(CounterRule rule, boolean capitalScope) {
        return switch (rule.scope()) {
            case GLOBAL -> "overall";
            case CHANNEL -> rule.channel().words();
            case DIVISION -> "division " + rule.division();
            case DIVISION_CHANNEL -> "division " + rule.division() + " " + rule.channel().words();
            case CAMPAIGN -> "campaign " + rule.campaignId();
        };
    }

    private static Optional<Violation> gapViolation(GapRule gap, List<CountedContact> contacts, Instant t, Zone zone) {
        CountedContact nearest = null;
        Instant clears = null;
        for (CountedContact c : contacts) {
            if (gap.conflicts(c, t)) {
                Instant c_clears = c.at().plus(gap.minGap());
                if (clears == null || c_clears.isAfter(clears)) {
                    clears = c_clears;
                }
                if (nearest == null || Math.abs(Duration.between(t, c.at()).toSeconds()) < Math
                        .abs(Duration.between(t, nearest.at()).toSeconds())) {
                    nearest = c;
                }
            }
        }
        if (nearest == null) {
            return Optional.empty();
        }
        long elapsed = Math.abs(Duration.between(nearest.at(), t).toSeconds());
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("min_gap_seconds", Long.toString(gap.minGap().toSeconds()));
        figures.put("elapsed_seconds", Long.toString(elapsed));
        figures.put("previous_contact_at", nearest.at().toString());
        figures.put("channel", gap.channel() == null ? "" : gap.channel().name());
        String scope = gap.channel() == null ? "marketing contact" : gap.channel().words() + " marketing contact";
        String relation = nearest.at().isAfter(t) ? "before the planned " : "since the previous ";
        String message = "only " + Sentences.duration(elapsed) + " " + relation + scope + " ("
                + nearest.channel().words() + ", " + Sentences.local(nearest.at(), zone) + "); minimum gap "
                + Sentences.duration(gap.minGap().toSeconds()) + "; next allowed " + Sentences.local(clears, zone);
        return Optional.of(new Violation(gap.ruleId(), RuleKind.MINIMUM_GAP, "MINIMUM_GAP_NOT_ELAPSED", message,
                Map.copyOf(figures), clears));
    }

    private static Verdict.FatigueStatus fatigueStatus(Fatigue fatigue, boolean tightened) {
        return new Verdict.FatigueStatus(fatigue.score(), fatigue.level() == null ? "" : fatigue.level().levelId(),
                fatigue.reductionPercent(), tightened, fatigue.unanswered(), fatigue.lastResponseAt());
    }

    /** The zone used for quiet hours and for instants in sentences, and where it came from. */
    record Zone(ZoneId id, Verdict.TimeZoneSource source) {
    }

    static Zone zone(Inputs in, ContactIntent intent) {
        if (intent.requestedTimeZone() != null && !intent.requestedTimeZone().isEmpty()) {
            return new Zone(ZoneId.of(intent.requestedTimeZone()), Verdict.TimeZoneSource.REQUEST);
        }
        if (in.consents().timeZone() != null && !in.consents().timeZone().isEmpty()) {
            return new Zone(ZoneId.of(in.consents().timeZone()), Verdict.TimeZoneSource.CONSENT_RECORD);
        }
        return new Zone(in.policy().defaultTimeZone(), Verdict.TimeZoneSource.POLICY_DEFAULT);
    }
}
