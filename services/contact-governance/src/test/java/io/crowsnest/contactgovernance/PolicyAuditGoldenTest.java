package io.crowsnest.contactgovernance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.ConsentRules;
import io.crowsnest.contactgovernance.v1.DayOfWeek;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.DivisionCapShare;
import io.crowsnest.contactgovernance.v1.FatigueRules;
import io.crowsnest.contactgovernance.v1.FatigueThreshold;
import io.crowsnest.contactgovernance.v1.ListPolicyVersionsRequest;
import io.crowsnest.contactgovernance.v1.MinimumGap;
import io.crowsnest.contactgovernance.v1.OptInRequirement;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.PolicyAuditEntry;
import io.crowsnest.contactgovernance.v1.PolicyVersion;
import io.crowsnest.contactgovernance.v1.QuietHours;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The audit trail's field-level changes, pinned to the letter: a policy written in four versions
 * through the real gRPC API (every kind of change the diff knows: scalars set and cleared, 64-bit
 * and fractional numbers, text that JSON escapes, keyed rules added, changed and removed, nested
 * windows and division references, whole lists of days and categories, consent and fatigue
 * removed and written back), then read back with ListPolicyVersions as an administrator's tool
 * reads it. The expected text is what the service wrote before the diff moved to domain/; any
 * change to a path or a value's JSON fails here.
 */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class PolicyAuditGoldenTest {

    private static final JsonFormat.Printer VALUE = JsonFormat.printer().omittingInsignificantWhitespace();

    static Policy first() {
        return Policy.newBuilder()
                .setPolicyId("audit-golden")
                .setDisplayName("Audit <golden> & \"quoted\" = 'é'")
                .setDescription("First cut")
                .setDefaultTimeZone("Europe/Paris")
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(1)
                        .addCapShares(DivisionCapShare.newBuilder().setRuleId("global-weekly").setMaxContacts(2)))
                .addDivisions(Division.newBuilder().setDivisionId("travel").setDisplayName("Travel").setPriority(2))
                .addFrequencyCaps(Governance.cap("global-weekly", CapScope.CAP_SCOPE_GLOBAL,
                        Channel.CHANNEL_UNSPECIFIED, 3, Governance.window(1, WindowUnit.WINDOW_UNIT_WEEKS)))
                .addFrequencyCaps(Governance.cap("sms-weekly", CapScope.CAP_SCOPE_CHANNEL, Channel.CHANNEL_SMS, 2,
                        Governance.window(1, WindowUnit.WINDOW_UNIT_WEEKS)).toBuilder()
                        .addCategories(ContactCategory.CONTACT_CATEGORY_MARKETING))
                .addFrequencyCaps(Governance.cap("cards-monthly", CapScope.CAP_SCOPE_DIVISION,
                        Channel.CHANNEL_UNSPECIFIED, 4, Governance.window(1, WindowUnit.WINDOW_UNIT_MONTHS))
                        .toBuilder().setDivision(Governance.division("cards")).setDescription("Cards, monthly"))
                .addMinimumGaps(MinimumGap.newBuilder().setRuleId("gap-1h").setMinGapSeconds(3600))
                .addQuietHours(QuietHours.newBuilder().setRuleId("sms-night").setChannel(Channel.CHANNEL_SMS)
                        .setStartLocalTime("21:00").setEndLocalTime("08:00")
                        .addDays(DayOfWeek.DAY_OF_WEEK_SATURDAY).addDays(DayOfWeek.DAY_OF_WEEK_SUNDAY))
                .setConsent(ConsentRules.newBuilder()
                        .addOptInRequired(OptInRequirement.newBuilder().setChannel(Channel.CHANNEL_SMS)
                                .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING))
                        .addDoNotContactCategories(ContactCategory.CONTACT_CATEGORY_SERVICE))
                .setFatigue(FatigueRules.newBuilder()
                        .setWindow(Governance.window(30, WindowUnit.WINDOW_UNIT_DAYS))
                        .setResponseGraceSeconds(3 * 86400)
                        .setHalfLifeSeconds(7 * 86400)
                        .addThresholds(FatigueThreshold.newBuilder().setLevelId("tired").setMinScore(2.5)
                                .setCapReductionPercent(50).addRuleIds("global-weekly")))
                .build();
    }

    /** Scalars changed and cleared, keyed rules added, changed and removed, nested and whole-list changes. */
    static Policy second(Policy p) {
        return p.toBuilder()
                .setDisplayName("Audit golden")
                .clearDescription()
                .setDivisions(0, p.getDivisions(0).toBuilder().setPriority(3)
                        .setCapShares(0, DivisionCapShare.newBuilder().setRuleId("global-weekly").setMaxContacts(1)))
                .setDivisions(1, p.getDivisions(1).toBuilder()
                        .addCapShares(DivisionCapShare.newBuilder().setRuleId("global-weekly").setMaxContacts(1)))
                .setFrequencyCaps(0, p.getFrequencyCaps(0).toBuilder().setMaxContacts(4)
                        .setWindow(Governance.window(10, WindowUnit.WINDOW_UNIT_DAYS)))
                .removeFrequencyCaps(1)
                .addFrequencyCaps(Governance.cap("email-daily", CapScope.CAP_SCOPE_CHANNEL, Channel.CHANNEL_EMAIL, 1,
                        Governance.window(1, WindowUnit.WINDOW_UNIT_DAYS)).toBuilder()
                        .addCategories(ContactCategory.CONTACT_CATEGORY_MARKETING)
                        .addCategories(ContactCategory.CONTACT_CATEGORY_SERVICE))
                .setMinimumGaps(0, p.getMinimumGaps(0).toBuilder().setMinGapSeconds(7200).setDescription("Two hours"))
                .setQuietHours(0, p.getQuietHours(0).toBuilder().clearDays().addDays(DayOfWeek.DAY_OF_WEEK_SUNDAY)
                        .setEndLocalTime("09:30"))
                .setConsent(p.getConsent().toBuilder().clearDoNotContactCategories()
                        .addConsentExemptCategories(ContactCategory.CONTACT_CATEGORY_SERVICE))
                .setFatigue(p.getFatigue().toBuilder().setHalfLifeSeconds(14 * 86400)
                        .setThresholds(0, p.getFatigue().getThresholds(0).toBuilder().setMinScore(3)
                                .addRuleIds("cards-monthly"))
                        .addThresholds(FatigueThreshold.newBuilder().setLevelId("worn").setMinScore(6.75)
                                .setCapReductionPercent(100)))
                .build();
    }

    /** Nested rules removed whole, a division reference cleared, a division removed. */
    static Policy third(Policy p) {
        return p.toBuilder().clearConsent().clearFatigue().removeDivisions(1)
                .setFrequencyCaps(1, p.getFrequencyCaps(1).toBuilder().setScope(CapScope.CAP_SCOPE_GLOBAL)
                        .clearDivision().setCampaignId(""))
                .build();
    }

    /** Nested rules written back. */
    static Policy fourth(Policy p) {
        return p.toBuilder().setConsent(first().getConsent()).setFatigue(first().getFatigue()).build();
    }

    @Test
    void theAuditTrailShowsEachVersionsChangesAsBeforeAndWrittenFieldByField() {
        try (Governance g = new Governance()) {
            Policy v1 = first();
            Policy v2 = second(v1);
            Policy v3 = third(v2);
            Policy v4 = fourth(v3);
            long base = 0;
            for (Policy p : List.of(v1, v2, v3, v4)) {
                base = g.stub.upsertPolicy(UpsertPolicyRequest.newBuilder().setPolicy(p).setBaseVersion(base)
                        .setActor("test-admin").setChangeNote("v" + (base + 1)).setIdempotencyKey(Governance.key())
                        .build()).getPolicyVersion().getVersion();
            }
            List<PolicyVersion> versions = g.stub.listPolicyVersions(ListPolicyVersionsRequest.newBuilder()
                    .setPolicyId("audit-golden").setPage(PageRequest.newBuilder().setPageSize(10)).build())
                    .getVersionsList();
            String audit = versions.stream()
                    .sorted(java.util.Comparator.comparingLong(PolicyVersion::getVersion)).map(PolicyAuditGoldenTest::text)
                    .collect(Collectors.joining());
            assertEquals(GOLDEN, audit, "actual audit:\n" + audit);
        }
    }

    /** One version's CREATED entry: its note, then one line per change: path, before, after. */
    static String text(PolicyVersion v) {
        StringBuilder out = new StringBuilder();
        for (PolicyAuditEntry e : v.getAuditList()) {
            out.append("version ").append(v.getVersion()).append(' ').append(e.getAction()).append(' ')
                    .append(e.getNote()).append('\n');
            e.getChangesList().forEach(c -> out.append("  ").append(c.getPath()).append(" | ")
                    .append(json(c.getBefore())).append(" | ").append(json(c.getAfter())).append('\n'));
        }
        return out.toString();
    }

    static String json(Value value) {
        try {
            return VALUE.print(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String GOLDEN = """
            version 1 POLICY_AUDIT_ACTION_CREATED v1
              policy_id | null | "audit-golden"
              display_name | null | "Audit \\u003cgolden\\u003e \\u0026 \\"quoted\\" \\u003d \\u0027é\\u0027"
              description | null | "First cut"
              default_time_zone | null | "Europe/Paris"
              divisions[division_id=cards] | null | {"division_id":"cards","display_name":"Cards","priority":1.0,"cap_shares":[{"rule_id":"global-weekly","max_contacts":2.0}]}
              divisions[division_id=travel] | null | {"division_id":"travel","display_name":"Travel","priority":2.0}
              frequency_caps[rule_id=global-weekly] | null | {"rule_id":"global-weekly","scope":"CAP_SCOPE_GLOBAL","max_contacts":3.0,"window":{"length":1.0,"unit":"WINDOW_UNIT_WEEKS"}}
              frequency_caps[rule_id=sms-weekly] | null | {"rule_id":"sms-weekly","scope":"CAP_SCOPE_CHANNEL","channel":"CHANNEL_SMS","max_contacts":2.0,"window":{"length":1.0,"unit":"WINDOW_UNIT_WEEKS"},"categories":["CONTACT_CATEGORY_MARKETING"]}
              frequency_caps[rule_id=cards-monthly] | null | {"rule_id":"cards-monthly","description":"Cards, monthly","scope":"CAP_SCOPE_DIVISION","division":{"id":"cards"},"max_contacts":4.0,"window":{"length":1.0,"unit":"WINDOW_UNIT_MONTHS"}}
              minimum_gaps[rule_id=gap-1h] | null | {"rule_id":"gap-1h","min_gap_seconds":"3600"}
              quiet_hours[rule_id=sms-night] | null | {"rule_id":"sms-night","channel":"CHANNEL_SMS","start_local_time":"21:00","end_local_time":"08:00","days":["DAY_OF_WEEK_SATURDAY","DAY_OF_WEEK_SUNDAY"]}
              consent | null | {"opt_in_required":[{"channel":"CHANNEL_SMS","purpose":"CONSENT_PURPOSE_MARKETING"}],"do_not_contact_categories":["CONTACT_CATEGORY_SERVICE"]}
              fatigue | null | {"window":{"length":30.0,"unit":"WINDOW_UNIT_DAYS"},"response_grace_seconds":"259200","half_life_seconds":"604800","thresholds":[{"level_id":"tired","min_score":2.5,"cap_reduction_percent":50.0,"rule_ids":["global-weekly"]}]}
            version 2 POLICY_AUDIT_ACTION_CREATED v2
              display_name | "Audit \\u003cgolden\\u003e \\u0026 \\"quoted\\" \\u003d \\u0027é\\u0027" | "Audit golden"
              description | "First cut" | ""
              divisions[division_id=cards].priority | 1.0 | 3.0
              divisions[division_id=cards].cap_shares[rule_id=global-weekly].max_contacts | 2.0 | 1.0
              divisions[division_id=travel].cap_shares[rule_id=global-weekly] | null | {"rule_id":"global-weekly","max_contacts":1.0}
              frequency_caps[rule_id=global-weekly].max_contacts | 3.0 | 4.0
              frequency_caps[rule_id=global-weekly].window.length | 1.0 | 10.0
              frequency_caps[rule_id=global-weekly].window.unit | "WINDOW_UNIT_WEEKS" | "WINDOW_UNIT_DAYS"
              frequency_caps[rule_id=email-daily] | null | {"rule_id":"email-daily","scope":"CAP_SCOPE_CHANNEL","channel":"CHANNEL_EMAIL","max_contacts":1.0,"window":{"length":1.0,"unit":"WINDOW_UNIT_DAYS"},"categories":["CONTACT_CATEGORY_MARKETING","CONTACT_CATEGORY_SERVICE"]}
              frequency_caps[rule_id=sms-weekly] | {"rule_id":"sms-weekly","scope":"CAP_SCOPE_CHANNEL","channel":"CHANNEL_SMS","max_contacts":2.0,"window":{"length":1.0,"unit":"WINDOW_UNIT_WEEKS"},"categories":["CONTACT_CATEGORY_MARKETING"]} | null
              minimum_gaps[rule_id=gap-1h].description | "" | "Two hours"
              minimum_gaps[rule_id=gap-1h].min_gap_seconds | "3600" | "7200"
              quiet_hours[rule_id=sms-night].end_local_time | "08:00" | "09:30"
              quiet_hours[rule_id=sms-night].days | ["DAY_OF_WEEK_SATURDAY","DAY_OF_WEEK_SUNDAY"] | ["DAY_OF_WEEK_SUNDAY"]
              consent.do_not_contact_categories | ["CONTACT_CATEGORY_SERVICE"] | []
              consent.consent_exempt_categories | [] | ["CONTACT_CATEGORY_SERVICE"]
              fatigue.half_life_seconds | "604800" | "1209600"
              fatigue.thresholds[level_id=tired].min_score | 2.5 | 3.0
              fatigue.thresholds[level_id=tired].rule_ids | ["global-weekly"] | ["global-weekly","cards-monthly"]
              fatigue.thresholds[level_id=worn] | null | {"level_id":"worn","min_score":6.75,"cap_reduction_percent":100.0}
            version 3 POLICY_AUDIT_ACTION_CREATED v3
              divisions[division_id=travel] | {"division_id":"travel","display_name":"Travel","priority":2.0,"cap_shares":[{"rule_id":"global-weekly","max_contacts":1.0}]} | null
              frequency_caps[rule_id=cards-monthly].scope | "CAP_SCOPE_DIVISION" | "CAP_SCOPE_GLOBAL"
              frequency_caps[rule_id=cards-monthly].division | {"id":"cards"} | null
              consent | {"opt_in_required":[{"channel":"CHANNEL_SMS","purpose":"CONSENT_PURPOSE_MARKETING"}],"consent_exempt_categories":["CONTACT_CATEGORY_SERVICE"]} | null
              fatigue | {"window":{"length":30.0,"unit":"WINDOW_UNIT_DAYS"},"response_grace_seconds":"259200","half_life_seconds":"1209600","thresholds":[{"level_id":"tired","min_score":3.0,"cap_reduction_percent":50.0,"rule_ids":["global-weekly","cards-monthly"]},{"level_id":"worn","min_score":6.75,"cap_reduction_percent":100.0}]} | null
            version 4 POLICY_AUDIT_ACTION_CREATED v4
              consent | null | {"opt_in_required":[{"channel":"CHANNEL_SMS","purpose":"CONSENT_PURPOSE_MARKETING"}],"do_not_contact_categories":["CONTACT_CATEGORY_SERVICE"]}
              fatigue | null | {"window":{"length":30.0,"unit":"WINDOW_UNIT_DAYS"},"response_grace_seconds":"259200","half_life_seconds":"604800","thresholds":[{"level_id":"tired","min_score":2.5,"cap_reduction_percent":50.0,"rule_ids":["global-weekly"]}]}
            """;
}
