package io.crowsnest.contactgovernance.mapping;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.domain.Category;
import io.crowsnest.contactgovernance.domain.Channel;
import io.crowsnest.contactgovernance.domain.ConsentState;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.OutcomeProgression;
import io.crowsnest.contactgovernance.domain.PolicyReading;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.domain.Purpose;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.v1.ConsentStatus;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.FatigueStatus;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.PolicyVersionRef;
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
public final class ContractMapping {

    /** The units a rule's window is shown in, the largest that divides it exactly (hours otherwise). */
    private static final WindowUnit[] UNITS = { WindowUnit.WINDOW_UNIT_MONTHS, WindowUnit.WINDOW_UNIT_WEEKS,
            WindowUnit.WINDOW_UNIT_DAYS, WindowUnit.WINDOW_UNIT_HOURS };
    private static final long[] UNIT_SECONDS = { 2592000, 604800, 86400, 3600 };

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

    public static PolicyRef ref(PolicyVersionRef ref) {
        return new PolicyRef(ref.getPolicyId(), ref.getVersion());
    }

    /** Sets a timestamp field when the instant is known (an unknown instant leaves the field unset). */
    public static void timestamp(Instant instant, Consumer<Timestamp> field) {
        if (instant != null) {
            field.accept(Timestamps.of(instant));
        }
    }

    /** The evaluator's view of a validated policy ({@link PolicyReading}). */
    public static ContactPolicy policy(Policy p, PolicyRef ref) {
        return PolicyReading.rules(PolicyDrafts.draft(p), ref);
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
        ContractMapping.timestamp(v.nextAllowedAt(), out::setNextAllowedAt);
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
            ContractMapping.timestamp(c.nextReleaseAt(), row::setNextReleaseAt);
            out.addCapacities(row);
        }
        var f = v.fatigue();
        var fatigue = FatigueStatus.newBuilder().setScore(f.score()).setLevelId(f.levelId())
                .setCapReductionPercent(f.capReductionPercent()).setCapsTightened(f.capsTightened())
                .setUnansweredContacts(f.unansweredContacts());
        ContractMapping.timestamp(f.lastResponseAt(), fatigue::setLastResponseAt);
        out.setFatigue(fatigue);
        return out.build();
    }

    /** The window as the policy wrote it is not kept in the rule; days express every unit exactly but hours. */
    private static RollingWindow windowOf(Duration window) {
        long seconds = window.toSeconds();
        int i = 0;
        while (i < UNIT_SECONDS.length - 1 && seconds % UNIT_SECONDS[i] != 0) {
            i++;
        }
        return RollingWindow.newBuilder().setLength((int) (seconds / UNIT_SECONDS[i])).setUnit(UNITS[i]).build();
    }

    public static RuleViolation violation(Verdict.Violation v) {
        var out = RuleViolation.newBuilder()
                .setRuleId(v.ruleId())
                .setKind(RuleKind.valueOf("RULE_KIND_" + v.kind().name()))
                .setReason(Reason.newBuilder().setCode(v.code()).setMessage(v.message()).putAllFigures(v.figures()));
        ContractMapping.timestamp(v.clearsAt(), out::setClearsAt);
        return out.build();
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
