package io.crowsnest.contactgovernance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.NullValue;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.api.PolicyValidator;
import io.crowsnest.contactgovernance.mapping.PolicyFields;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.ConsentRules;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.DivisionCapShare;
import io.crowsnest.contactgovernance.v1.FatigueRules;
import io.crowsnest.contactgovernance.v1.FatigueThreshold;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.MinimumGap;
import io.crowsnest.contactgovernance.v1.OptInRequirement;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.PolicyFieldChange;
import io.crowsnest.contactgovernance.v1.QuietHours;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.RequestChecks;

/** PolicyValidator and the audit's diff (domain PolicyDiff over the contract's fields), without Quarkus. */
class PolicyValidatorTest {

    private static final Value NULL = Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();

    // Indexes of the caps in validPolicy().
    private static final int GLOBAL_DAILY = 0;
    private static final int GLOBAL_WEEKLY = 1;
    private static final int SMS_WEEKLY = 3;
    private static final int CARDS_WEEKLY = 4;

    static RollingWindow window(int length, WindowUnit unit) {
        return RollingWindow.newBuilder().setLength(length).setUnit(unit).build();
    }

    static FrequencyCap cap(String id, CapScope scope, int max, int length, WindowUnit unit) {
        return FrequencyCap.newBuilder().setRuleId(id).setScope(scope).setMaxContacts(max)
                .setWindow(window(length, unit)).build();
    }

    static Policy validPolicy() {
        return Policy.newBuilder()
                .setPolicyId("standard")
                .setDisplayName("Standard contact policy")
                .setDescription("Corporate-wide rules")
                .setDefaultTimeZone("Europe/Paris")
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(1))
                .addDivisions(Division.newBuilder().setDivisionId("travel").setDisplayName("Travel").setPriority(2)
                        .addCapShares(DivisionCapShare.newBuilder().setRuleId("global-weekly").setMaxContacts(1)))
                .addFrequencyCaps(cap("global-daily", CapScope.CAP_SCOPE_GLOBAL, 1, 1, WindowUnit.WINDOW_UNIT_DAYS))
                .addFrequencyCaps(cap("global-weekly", CapScope.CAP_SCOPE_GLOBAL, 3, 1, WindowUnit.WINDOW_UNIT_WEEKS))
                .addFrequencyCaps(cap("global-monthly", CapScope.CAP_SCOPE_GLOBAL, 8, 1, WindowUnit.WINDOW_UNIT_MONTHS))
                .addFrequencyCaps(cap("sms-weekly", CapScope.CAP_SCOPE_CHANNEL, 2, 1, WindowUnit.WINDOW_UNIT_WEEKS)
                        .toBuilder().setChannel(Channel.CHANNEL_SMS).build())
                .addFrequencyCaps(cap("cards-weekly", CapScope.CAP_SCOPE_DIVISION, 2, 1, WindowUnit.WINDOW_UNIT_WEEKS)
                        .toBuilder().setDivision(DivisionRef.newBuilder().setId("cards")).build())
                .addMinimumGaps(MinimumGap.newBuilder().setRuleId("gap-48h").setMinGapSeconds(48 * 3600))
                .addQuietHours(QuietHours.newBuilder().setRuleId("sms-night").setChannel(Channel.CHANNEL_SMS)
                        .setStartLocalTime("21:00").setEndLocalTime("08:00"))
                .setConsent(ConsentRules.newBuilder()
                        .addOptInRequired(OptInRequirement.newBuilder().setChannel(Channel.CHANNEL_SMS)
                                .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)))
                .setFatigue(FatigueRules.newBuilder()
                        .setWindow(window(30, WindowUnit.WINDOW_UNIT_DAYS))
                        .setResponseGraceSeconds(3 * 86400)
                        .setHalfLifeSeconds(7 * 86400)
                        .addThresholds(FatigueThreshold.newBuilder().setLevelId("tired").setMinScore(3)
                                .setCapReductionPercent(50).addRuleIds("global-weekly")))
                .build();
    }

    static List<GrpcErrors.FieldViolation> violations(Policy policy) {
        RequestChecks out = new RequestChecks();
        PolicyValidator.validate(policy, "policy", out);
        return out.violations();
    }

    static List<String> fields(Policy policy) {
        return violations(policy).stream().map(GrpcErrors.FieldViolation::field).collect(Collectors.toList());
    }

    static Policy.Builder withCap(int index, FrequencyCap.Builder cap) {
        return validPolicy().toBuilder().setFrequencyCaps(index, cap);
    }

    // ------------------------------------------------------------------------------- validator

    @Test
    void validPolicyHasNoViolations() {
        assertEquals(List.of(), violations(validPolicy()));
    }

    @Test
    void zeroMaxContactsIsRejected() {
        Policy p = withCap(GLOBAL_WEEKLY, validPolicy().getFrequencyCaps(GLOBAL_WEEKLY).toBuilder().setMaxContacts(0))
                .build();
        List<GrpcErrors.FieldViolation> v = violations(p);
        assertTrue(v.stream().anyMatch(x -> x.field().equals("policy.frequency_caps[1].max_contacts")
                && x.description().contains("got 0")), v.toString());
    }

    @Test
    void negativeMaxContactsIsRejected() {
        Policy p = withCap(SMS_WEEKLY, validPolicy().getFrequencyCaps(SMS_WEEKLY).toBuilder().setMaxContacts(-2))
                .build();
        assertEquals(List.of("policy.frequency_caps[3].max_contacts"), fields(p));
    }

    @Test
    void missingWindowIsRejected() {
        Policy p = withCap(GLOBAL_DAILY, validPolicy().getFrequencyCaps(GLOBAL_DAILY).toBuilder().clearWindow())
                .build();
        assertEquals(List.of("policy.frequency_caps[0].window"), fields(p));
    }

    @Test
    void emptyWindowIsRejected() {
        Policy p = withCap(GLOBAL_DAILY, validPolicy().getFrequencyCaps(GLOBAL_DAILY).toBuilder()
                .setWindow(RollingWindow.getDefaultInstance())).build();
        assertEquals(List.of("policy.frequency_caps[0].window.length", "policy.frequency_caps[0].window.unit"),
                fields(p));
    }

    @Test
    void unknownTimeZoneIsRejected() {
        Policy p = validPolicy().toBuilder().setDefaultTimeZone("Mars/Olympus").build();
        List<GrpcErrors.FieldViolation> v = violations(p);
        assertEquals(List.of("policy.default_time_zone"), fields(p));
        assertTrue(v.get(0).description().contains("\"Mars/Olympus\""), v.get(0).description());
    }

    @Test
    void timeZoneCheck() {
        assertTrue(PolicyValidator.isTimeZone("Europe/Paris"));
        assertTrue(PolicyValidator.isTimeZone("UTC"));
        assertFalse(PolicyValidator.isTimeZone("Mars/Olympus"));
        assertFalse(PolicyValidator.isTimeZone("+02:00"));
        assertFalse(PolicyValidator.isTimeZone(""));
    }

    @Test
    void unknownDivisionInCapIsRejected() {
        Policy p = withCap(CARDS_WEEKLY, validPolicy().getFrequencyCaps(CARDS_WEEKLY).toBuilder()
                .setDivision(DivisionRef.newBuilder().setId("mortgages"))).build();
        assertEquals(List.of("policy.frequency_caps[4].division.id"), fields(p));
    }

    @Test
    void duplicateRuleIdIsReportedAtLaterOccurrence() {
        Policy p = validPolicy().toBuilder()
                .setMinimumGaps(0, validPolicy().getMinimumGaps(0).toBuilder().setRuleId("sms-weekly"))
                .build();
        assertEquals(List.of("policy.minimum_gaps[0].rule_id"), fields(p));
    }

    @Test
    void shareAboveCapIsRejected() {
        Policy p = validPolicy().toBuilder()
                .setDivisions(1, validPolicy().getDivisions(1).toBuilder()
                        .setCapShares(0, DivisionCapShare.newBuilder().setRuleId("global-weekly").setMaxContacts(4)))
                .build();
        List<GrpcErrors.FieldViolation> v = violations(p);
        assertEquals(List.of("policy.divisions[1].cap_shares[0].max_contacts"), fields(p));
        assertTrue(v.get(0).description().contains("got 4"), v.get(0).description());
    }

    @Test
    void shareOfDivisionScopedCapIsRejected() {
        Policy p = validPolicy().toBuilder()
                .setDivisions(1, validPolicy().getDivisions(1).toBuilder()
                        .setCapShares(0, DivisionCapShare.newBuilder().setRuleId("cards-weekly").setMaxContacts(1)))
                .build();
        assertEquals(List.of("policy.divisions[1].cap_shares[0].rule_id"), fields(p));
    }

    @Test
    void mandatoryInCapCategoriesIsRejected() {
        Policy p = withCap(GLOBAL_WEEKLY, validPolicy().getFrequencyCaps(GLOBAL_WEEKLY).toBuilder()
                .addCategories(ContactCategory.CONTACT_CATEGORY_MARKETING)
                .addCategories(ContactCategory.CONTACT_CATEGORY_MANDATORY)).build();
        assertEquals(List.of("policy.frequency_caps[1].categories[1]"), fields(p));
    }

    @Test
    void thresholdsNotIncreasingAreRejected() {
        Policy valid = validPolicy();
        Policy p = valid.toBuilder()
                .setFatigue(valid.getFatigue().toBuilder()
                        .addThresholds(FatigueThreshold.newBuilder().setLevelId("exhausted").setMinScore(3)
                                .setCapReductionPercent(100)))
                .build();
        assertEquals(List.of("policy.fatigue.thresholds[1].min_score"), fields(p));
    }

    @Test
    void badLocalTimeIsRejected() {
        Policy valid = validPolicy();
        Policy p = valid.toBuilder()
                .setQuietHours(0, valid.getQuietHours(0).toBuilder().setStartLocalTime("24:00").setEndLocalTime("8:00"))
                .build();
        assertEquals(List.of("policy.quiet_hours[0].start_local_time", "policy.quiet_hours[0].end_local_time"),
                fields(p));
    }

    @Test
    void everyProblemIsReported() {
        Policy p = validPolicy().toBuilder()
                .setDefaultTimeZone("Mars/Olympus")
                .setFrequencyCaps(GLOBAL_DAILY, validPolicy().getFrequencyCaps(GLOBAL_DAILY).toBuilder().setMaxContacts(0))
                .setFrequencyCaps(GLOBAL_WEEKLY, validPolicy().getFrequencyCaps(GLOBAL_WEEKLY).toBuilder()
                        .setChannel(Channel.CHANNEL_EMAIL))
                .build();
        assertEquals(List.of("policy.default_time_zone", "policy.frequency_caps[1].channel",
                "policy.frequency_caps[0].max_contacts").stream().sorted().collect(Collectors.toList()),
                fields(p).stream().sorted().collect(Collectors.toList()));
    }

    // ------------------------------------------------------------------------------- diff

    /** The audit's changes as the contract's PolicyFieldChange carries them. */
    static List<PolicyFieldChange> changes(Policy before, Policy after) {
        return PolicyFields.changes(before, after).stream().map(c -> PolicyFieldChange.newBuilder()
                .setPath(c.path()).setBefore(value(c.before())).setAfter(value(c.after())).build()).toList();
    }

    static Value value(String json) {
        try {
            Value.Builder value = Value.newBuilder();
            JsonFormat.parser().merge(json, value);
            return value.build();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(json, e);
        }
    }

    static PolicyFieldChange find(List<PolicyFieldChange> changes, String path) {
        return changes.stream().filter(c -> c.getPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not in " + changes));
    }

    @Test
    void firstVersionReportsEveryFieldWithNullBefore() {
        Policy after = validPolicy();
        List<PolicyFieldChange> changes = changes(null, after);
        assertFalse(changes.isEmpty());
        changes.forEach(c -> assertEquals(NULL, c.getBefore(), c.getPath()));
        assertEquals("Standard contact policy", find(changes, "display_name").getAfter().getStringValue());
        assertEquals("Europe/Paris", find(changes, "default_time_zone").getAfter().getStringValue());
        Value cap = find(changes, "frequency_caps[rule_id=global-weekly]").getAfter();
        assertEquals(3, cap.getStructValue().getFieldsOrThrow("max_contacts").getNumberValue());
        assertEquals("CAP_SCOPE_GLOBAL", cap.getStructValue().getFieldsOrThrow("scope").getStringValue());
        find(changes, "divisions[division_id=cards]");
        find(changes, "consent");
        find(changes, "fatigue");
    }

    @Test
    void identicalVersionsHaveNoChanges() {
        assertEquals(List.of(), changes(validPolicy(), validPolicy()));
    }

    @Test
    void changedMaxContactsIsOneChange() {
        Policy before = validPolicy();
        Policy after = withCap(GLOBAL_WEEKLY, before.getFrequencyCaps(GLOBAL_WEEKLY).toBuilder().setMaxContacts(2))
                .build();
        List<PolicyFieldChange> changes = changes(before, after);
        assertEquals(1, changes.size(), changes.toString());
        PolicyFieldChange c = changes.get(0);
        assertEquals("frequency_caps[rule_id=global-weekly].max_contacts", c.getPath());
        assertEquals(3, c.getBefore().getNumberValue());
        assertEquals(2, c.getAfter().getNumberValue());
    }

    @Test
    void removedCapHasNullAfter() {
        Policy before = validPolicy();
        Policy after = before.toBuilder().removeFrequencyCaps(GLOBAL_DAILY).build();
        List<PolicyFieldChange> changes = changes(before, after);
        assertEquals(1, changes.size(), changes.toString());
        PolicyFieldChange c = changes.get(0);
        assertEquals("frequency_caps[rule_id=global-daily]", c.getPath());
        assertEquals(NULL, c.getAfter());
        assertEquals("global-daily", c.getBefore().getStructValue().getFieldsOrThrow("rule_id").getStringValue());
    }

    @Test
    void nestedAndKeyedChangesUseIds() {
        Policy before = validPolicy();
        Policy after = before.toBuilder()
                .setFatigue(before.getFatigue().toBuilder()
                        .setThresholds(0, before.getFatigue().getThresholds(0).toBuilder().setCapReductionPercent(60)))
                .setFrequencyCaps(GLOBAL_WEEKLY, before.getFrequencyCaps(GLOBAL_WEEKLY).toBuilder()
                        .setWindow(window(7, WindowUnit.WINDOW_UNIT_DAYS)))
                .build();
        List<PolicyFieldChange> changes = changes(before, after);
        assertEquals(List.of("frequency_caps[rule_id=global-weekly].window.length",
                "frequency_caps[rule_id=global-weekly].window.unit",
                "fatigue.thresholds[level_id=tired].cap_reduction_percent"),
                changes.stream().map(PolicyFieldChange::getPath).collect(Collectors.toList()));
        assertEquals("WINDOW_UNIT_DAYS", changes.get(1).getAfter().getStringValue());
    }
}
