package io.crowsnest.contactgovernance.api;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.contactgovernance.domain.CapScope;
import io.crowsnest.contactgovernance.domain.Category;
import io.crowsnest.contactgovernance.domain.Channel;
import io.crowsnest.contactgovernance.domain.ConsentState;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.OutcomeProgression;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.domain.Purpose;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.v1.ConsentStatus;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.FatigueStatus;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.PolicyVersionRef;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.RuleKind;
import io.crowsnest.contactgovernance.v1.RuleViolation;
import io.crowsnest.contactgovernance.v1.ScopeCapacity;
import io.crowsnest.contactgovernance.v1.TimeZoneSource;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * Contract messages to domain values and back. Enum names match after the proto prefix. The stored
 * records of this service (ledger entries, reservations, consents, policy versions) are the
 * contract's messages, so the use cases read their rules' inputs through these functions.
 */
final class ContractMapping {

    private ContractMapping() {
    }

    public static Channel channel(io.crowsnest.common.v1.Channel channel) {
        return channel == io.crowsnest.common.v1.Channel.CHANNEL_UNSPECIFIED ? null
                : Channel.valueOf(channel.name().substring("CHANNEL_".length()));
    }

    public static io.crowsnest.common.v1.Channel channel(Channel channel) {
        return channel == null ? io.crowsnest.common.v1.Channel.CHANNEL_UNSPECIFIED
                : io.crowsnest.common.v1.Channel.valueOf("CHANNEL_" + channel.name());
    }

    public static Category category(ContactCategory category) {
        return Category.valueOf(category.name().substring("CONTACT_CATEGORY_".length()));
    }

    public static ContactCategory category(Category category) {
        return ContactCategory.valueOf("CONTACT_CATEGORY_" + category.name());
    }

    public static Purpose purpose(ConsentPurpose purpose) {
        return Purpose.valueOf(purpose.name().substring("CONSENT_PURPOSE_".length()));
    }

    public static ConsentPurpose purpose(Purpose purpose) {
        return ConsentPurpose.valueOf("CONSENT_PURPOSE_" + purpose.name());
    }

    public static PolicyVersionRef ref(PolicyRef ref) {
        return PolicyVersionRef.newBuilder().setPolicyId(ref.policyId()).setVersion(ref.version()).build();
    }

    public static Duration window(RollingWindow window) {
        long seconds = switch (window.getUnit()) {
            case WINDOW_UNIT_HOURS -> 3600L;
            case WINDOW_UNIT_DAYS -> 86400L;
            case WINDOW_UNIT_WEEKS -> 604800L;
            case WINDOW_UNIT_MONTHS -> 2592000L;
            default -> throw new IllegalArgumentException("window unit unspecified");
        };
        return Duration.ofSeconds(seconds * window.getLength());
    }

    /** "daily", "weekly", "monthly", "hourly", or "3-day" and the like. */
    public static String windowWords(RollingWindow window) {
        String unit = switch (window.getUnit()) {
            case WINDOW_UNIT_HOURS -> "hour";
            case WINDOW_UNIT_DAYS -> "day";
            case WINDOW_UNIT_WEEKS -> "week";
            default -> "month";
        };
        if (window.getLength() == 1) {
            return unit.equals("day") ? "daily" : unit + "ly";
        }
        return window.getLength() + "-" + unit;
    }

    private static Set<Category> categories(List<ContactCategory> categories) {
        if (categories.isEmpty()) {
            return EnumSet.of(Category.MARKETING);
        }
        Set<Category> out = EnumSet.noneOf(Category.class);
        categories.forEach(c -> out.add(category(c)));
        return out;
    }

    private static Set<Category> explicit(List<ContactCategory> categories) {
        Set<Category> out = EnumSet.noneOf(Category.class);
        categories.forEach(c -> out.add(category(c)));
        return out;
    }

    /** The evaluator's view of a validated policy. */
    public static ContactPolicy policy(Policy p, PolicyRef ref) {
        List<ContactPolicy.Division> divisions = p.getDivisionsList().stream()
                .map(d -> new ContactPolicy.Division(d.getDivisionId(), d.getDisplayName(), d.getPriority(),
                        d.getCapSharesList().stream()
                                .map(s -> new ContactPolicy.CapShare(s.getRuleId(), s.getMaxContacts())).toList()))
                .toList();
        List<ContactPolicy.FrequencyCap> caps = p.getFrequencyCapsList().stream()
                .map(c -> new ContactPolicy.FrequencyCap(c.getRuleId(), c.getDescription(),
                        CapScope.valueOf(c.getScope().name().substring("CAP_SCOPE_".length())), channel(c.getChannel()),
                        c.hasDivision() && !c.getDivision().getId().isEmpty() ? c.getDivision().getId() : null,
                        c.getCampaignId().isEmpty() ? null : c.getCampaignId(), c.getMaxContacts(),
                        window(c.getWindow()), windowWords(c.getWindow()), categories(c.getCategoriesList())))
                .toList();
        List<ContactPolicy.MinimumGap> gaps = p.getMinimumGapsList().stream()
                .map(g -> new ContactPolicy.MinimumGap(g.getRuleId(), channel(g.getChannel()),
                        Duration.ofSeconds(g.getMinGapSeconds())))
                .toList();
        List<ContactPolicy.QuietHours> quiet = p.getQuietHoursList().stream()
                .map(q -> {
                    Set<DayOfWeek> days = new HashSet<>();
                    q.getDaysList().forEach(d -> days.add(DayOfWeek.of(d.getNumber())));
                    return new ContactPolicy.QuietHours(q.getRuleId(), channel(q.getChannel()),
                            LocalTime.parse(q.getStartLocalTime()), LocalTime.parse(q.getEndLocalTime()), days,
                            categories(q.getCategoriesList()));
                })
                .toList();
        Set<ContactPolicy.ChannelPurpose> optIn = new HashSet<>();
        p.getConsent().getOptInRequiredList()
                .forEach(o -> optIn.add(new ContactPolicy.ChannelPurpose(channel(o.getChannel()), purpose(o.getPurpose()))));
        ContactPolicy.ConsentRules consent = new ContactPolicy.ConsentRules(optIn,
                explicit(p.getConsent().getDoNotContactCategoriesList()),
                explicit(p.getConsent().getConsentExemptCategoriesList()));
        Optional<ContactPolicy.FatigueRules> fatigue = Optional.empty();
        if (p.hasFatigue()) {
            var f = p.getFatigue();
            fatigue = Optional.of(new ContactPolicy.FatigueRules(window(f.getWindow()),
                    Duration.ofSeconds(f.getResponseGraceSeconds()), Duration.ofSeconds(f.getHalfLifeSeconds()),
                    categories(f.getCategoriesList()),
                    f.getThresholdsList().stream().map(t -> new ContactPolicy.FatigueThreshold(t.getLevelId(),
                            t.getMinScore(), t.getCapReductionPercent(), Set.copyOf(t.getRuleIdsList()))).toList()));
        }
        return new ContactPolicy(ref, ZoneId.of(p.getDefaultTimeZone()), divisions, caps, gaps, quiet, consent, fatigue);
    }

    public static ConsentStatus status(ConsentState.Status status) {
        return ConsentStatus.valueOf("CONSENT_STATUS_" + status.name());
    }

    public static io.crowsnest.contactgovernance.v1.Verdict verdict(Verdict v) {
        var out = io.crowsnest.contactgovernance.v1.Verdict.newBuilder()
                .setPersonId(v.personId())
                .setAllowed(v.allowed())
                .setBlockedIndefinitely(v.blockedIndefinitely())
                .setTimeZone(v.timeZone())
                .setTimeZoneSource(TimeZoneSource.valueOf("TIME_ZONE_SOURCE_" + v.timeZoneSource().name()))
                .setEvaluatedFor(Timestamps.of(v.evaluatedFor()))
                .setEvaluatedAt(Timestamps.of(v.evaluatedAt()))
                .setPolicy(ref(v.policy()));
        v.violations().forEach(x -> out.addViolations(violation(x)));
        v.waived().forEach(x -> out.addWaivedViolations(violation(x)));
        if (v.nextAllowedAt() != null) {
            out.setNextAllowedAt(Timestamps.of(v.nextAllowedAt()));
        }
        for (Verdict.Capacity c : v.capacities()) {
            var rule = c.rule();
            var row = ScopeCapacity.newBuilder()
                    .setRuleId(rule.capRuleId())
                    .setScope(io.crowsnest.contactgovernance.v1.CapScope.valueOf("CAP_SCOPE_" + rule.scope().name()))
                    .setChannel(channel(rule.channel()))
                    .setCampaignId(rule.campaignId() == null ? "" : rule.campaignId())
                    .setWindow(windowOf(rule.window()))
                    .setDivisionShare(rule.share())
                    .setBaseLimit(rule.baseLimit())
                    .setLimit(rule.limit())
                    .setTightenedByFatigue(rule.tightened())
                    .setUsed(c.used())
                    .setHeld(c.held())
                    .setRemaining(c.remaining());
            if (rule.division() != null) {
                row.setDivision(DivisionRef.newBuilder().setId(rule.division()));
            }
            if (c.nextReleaseAt() != null) {
                row.setNextReleaseAt(Timestamps.of(c.nextReleaseAt()));
            }
            out.addCapacities(row);
        }
        var f = v.fatigue();
        var fatigue = FatigueStatus.newBuilder().setScore(f.score()).setLevelId(f.levelId())
                .setCapReductionPercent(f.capReductionPercent()).setCapsTightened(f.capsTightened())
                .setUnansweredContacts(f.unansweredContacts());
        if (f.lastResponseAt() != null) {
            fatigue.setLastResponseAt(Timestamps.of(f.lastResponseAt()));
        }
        out.setFatigue(fatigue);
        return out.build();
    }

    /** The window as the policy wrote it is not kept in the rule; days express every unit exactly but hours. */
    private static RollingWindow windowOf(Duration window) {
        long seconds = window.toSeconds();
        if (seconds % 2592000 == 0) {
            return RollingWindow.newBuilder().setLength((int) (seconds / 2592000))
                    .setUnit(io.crowsnest.common.v1.WindowUnit.WINDOW_UNIT_MONTHS).build();
        }
        if (seconds % 604800 == 0) {
            return RollingWindow.newBuilder().setLength((int) (seconds / 604800))
                    .setUnit(io.crowsnest.common.v1.WindowUnit.WINDOW_UNIT_WEEKS).build();
        }
        if (seconds % 86400 == 0) {
            return RollingWindow.newBuilder().setLength((int) (seconds / 86400))
                    .setUnit(io.crowsnest.common.v1.WindowUnit.WINDOW_UNIT_DAYS).build();
        }
        return RollingWindow.newBuilder().setLength((int) (seconds / 3600))
                .setUnit(io.crowsnest.common.v1.WindowUnit.WINDOW_UNIT_HOURS).build();
    }

    public static RuleViolation violation(Verdict.Violation v) {
        var out = RuleViolation.newBuilder()
                .setRuleId(v.ruleId())
                .setKind(RuleKind.valueOf("RULE_KIND_" + v.kind().name()))
                .setReason(Reason.newBuilder().setCode(v.code()).setMessage(v.message()).putAllFigures(v.figures()));
        if (v.clearsAt() != null) {
            out.setClearsAt(Timestamps.of(v.clearsAt()));
        }
        return out.build();
    }

    public static Instant instantOr(com.google.protobuf.Timestamp t, boolean present, Instant fallback) {
        return present ? Timestamps.instant(t) : fallback;
    }

    public static ReservationLifecycle.State state(ReservationState state) {
        return ReservationLifecycle.State.valueOf(state.name().substring("RESERVATION_STATE_".length()));
    }

    /** What the state machine needs of a stored reservation. */
    public static ReservationLifecycle.Snapshot snapshot(Reservation r) {
        return new ReservationLifecycle.Snapshot(r.getReservationId(), state(r.getState()),
                Timestamps.instant(r.getClosedAt()), r.hasCloseReason() ? r.getCloseReason().getCode() : null,
                r.getCloseReason().getMessage());
    }

    public static OutcomeProgression.Outcome outcome(ContactOutcome outcome) {
        return outcome == ContactOutcome.CONTACT_OUTCOME_UNSPECIFIED ? OutcomeProgression.Outcome.PENDING
                : OutcomeProgression.Outcome.valueOf(outcome.name().substring("CONTACT_OUTCOME_".length()));
    }

    public static ConsentState.Status status(ConsentStatus status) {
        return switch (status) {
            case CONSENT_STATUS_OPTED_IN -> ConsentState.Status.OPTED_IN;
            case CONSENT_STATUS_OPTED_OUT -> ConsentState.Status.OPTED_OUT;
            default -> ConsentState.Status.NONE;
        };
    }
}
