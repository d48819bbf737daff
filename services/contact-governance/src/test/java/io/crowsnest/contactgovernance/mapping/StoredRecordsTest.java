package io.crowsnest.contactgovernance.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.store.RecordFormat;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.ChannelConsent;
import io.crowsnest.contactgovernance.v1.ConsentChangeKind;
import io.crowsnest.contactgovernance.v1.ConsentChangeRecord;
import io.crowsnest.contactgovernance.v1.ConsentRules;
import io.crowsnest.contactgovernance.v1.ConsentStatus;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.DayOfWeek;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.DivisionCapShare;
import io.crowsnest.contactgovernance.v1.DoNotContact;
import io.crowsnest.contactgovernance.v1.FatigueRules;
import io.crowsnest.contactgovernance.v1.FatigueThreshold;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.LedgerEntrySource;
import io.crowsnest.contactgovernance.v1.MinimumGap;
import io.crowsnest.contactgovernance.v1.OptInRequirement;
import io.crowsnest.contactgovernance.v1.OutcomeRecord;
import io.crowsnest.contactgovernance.v1.PersonConsents;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.PolicyAuditAction;
import io.crowsnest.contactgovernance.v1.PolicyAuditEntry;
import io.crowsnest.contactgovernance.v1.PolicyFieldChange;
import io.crowsnest.contactgovernance.v1.PolicyVersion;
import io.crowsnest.contactgovernance.v1.PolicyVersionRef;
import io.crowsnest.contactgovernance.v1.QuietHours;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.RuleKind;
import io.crowsnest.contactgovernance.v1.RuleViolation;
import io.crowsnest.platform.mongo.ProtoDocuments;

/**
 * Data already stored still reads, and is written back unchanged: every record the stores keep in
 * the contract's shape (ledger entries, reservations, consent records, consent history, policy
 * versions and their audit entries), with every
 * field set or left unset as the service writes them, goes through its stored format to the domain
 * record and back to the very document it was.
 */
class StoredRecordsTest {

    private static final Timestamp T1 = Timestamp.newBuilder().setSeconds(1_764_000_000L).setNanos(123_000_000).build();
    private static final Timestamp T2 = Timestamp.newBuilder().setSeconds(1_764_000_600L).build();
    private static final PolicyVersionRef POLICY = PolicyVersionRef.newBuilder().setPolicyId("retail").setVersion(3)
            .build();

    private static <T> void roundTrips(RecordFormat<T> format, Message stored) {
        Document document = ProtoDocuments.toDocument(stored);
        Document written = format.document(format.record(Document.parse(document.toJson())));
        assertEquals(document.toJson(), written.toJson());
    }

    @Test
    void aLedgerEntryReadsAndWritesBackUnchanged() {
        LedgerEntry external = LedgerEntry.newBuilder().setEntryId("le-x-1").setPersonId("p-1")
                .setChannel(Channel.CHANNEL_SMS).setDivision(DivisionRef.newBuilder().setId("cards"))
                .setCategory(ContactCategory.CONTACT_CATEGORY_MARKETING).setCampaignId("spring").setActionId("a-1")
                .setContactedAt(T1).setRecordedAt(T2).setSource(LedgerEntrySource.LEDGER_ENTRY_SOURCE_EXTERNAL)
                .setExternalRef("ext-9").setRequestingSystem("crm").setAgentId("agent.1").setOverridden(true)
                .addOverriddenViolations(RuleViolation.newBuilder().setRuleId("weekly")
                        .setKind(RuleKind.RULE_KIND_FREQUENCY_CAP).setReason(Reason.newBuilder()
                                .setCode("FREQUENCY_CAP_REACHED").setMessage("2 of 2 this week").putFigures("used", "2"))
                        .setClearsAt(T2))
                .setOutcome(ContactOutcome.CONTACT_OUTCOME_RESPONDED)
                .addOutcomeHistory(OutcomeRecord.newBuilder().setOutcome(ContactOutcome.CONTACT_OUTCOME_DELIVERED)
                        .setOccurredAt(T1).setRecordedAt(T2).setSource("crm"))
                .addOutcomeHistory(OutcomeRecord.newBuilder().setOutcome(ContactOutcome.CONTACT_OUTCOME_RESPONDED)
                        .setOccurredAt(T2).setRecordedAt(T2).setSource("web")
                        .setDetail(Reason.newBuilder().setCode("CLICKED").setMessage("clicked the link")))
                .setMergedFromPersonId("p-0").setPolicy(POLICY).build();
        roundTrips(StoredFormats.LEDGER_ENTRIES, external);
        roundTrips(StoredFormats.LEDGER_ENTRIES, LedgerEntry.newBuilder().setEntryId("le-rsv-1").setPersonId("p-1")
                .setChannel(Channel.CHANNEL_EMAIL).setDivision(DivisionRef.newBuilder().setId("loans"))
                .setCategory(ContactCategory.CONTACT_CATEGORY_SERVICE).setContactedAt(T1).setRecordedAt(T1)
                .setSource(LedgerEntrySource.LEDGER_ENTRY_SOURCE_RESERVATION).setReservationId("rsv-1")
                .setRequestingSystem("decisioning").setOutcome(ContactOutcome.CONTACT_OUTCOME_PENDING)
                .setPolicy(POLICY).build());
    }

    @Test
    void aReservationReadsAndWritesBackUnchanged() {
        ContactRequest contact = ContactRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId("p-1"))
                .setChannel(Channel.CHANNEL_PHONE).setDivision(DivisionRef.newBuilder().setId("cards"))
                .setCategory(ContactCategory.CONTACT_CATEGORY_MARKETING).setCampaignId("spring").setPlannedAt(T1)
                .setTimeZone("Europe/Paris")
                .setExpectedValue(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(12_500))
                .setActionId("a-1").setRequestingSystem("decisioning").setAgentId("agent.1").build();
        Reservation held = Reservation.newBuilder().setReservationId("rsv-1").setPersonId("p-1").setContact(contact)
                .setState(ReservationState.RESERVATION_STATE_HELD).setCreatedAt(T1).setExpiresAt(T2)
                .setPolicy(POLICY).build();
        roundTrips(StoredFormats.RESERVATIONS, held);
        roundTrips(StoredFormats.RESERVATIONS, held.toBuilder().setState(ReservationState.RESERVATION_STATE_COMMITTED)
                .setClosedAt(T2).setLedgerEntryId("le-rsv-1").build());
        roundTrips(StoredFormats.RESERVATIONS, held.toBuilder().setState(ReservationState.RESERVATION_STATE_VOIDED)
                .setClosedAt(T2).setCloseReason(Reason.newBuilder().setCode("PERSON_FORGOTTEN")).build());
        roundTrips(StoredFormats.RESERVATIONS, held.toBuilder().setContact(contact.toBuilder().clearExpectedValue()
                .clearTimeZone().clearAgentId().clearCampaignId()).build());
    }

    @Test
    void aConsentRecordAndItsHistoryReadAndWriteBackUnchanged() {
        PersonConsents consents = PersonConsents.newBuilder().setPersonId("p-1")
                .addChannelConsents(ChannelConsent.newBuilder().setChannel(Channel.CHANNEL_EMAIL)
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)
                        .setStatus(ConsentStatus.CONSENT_STATUS_OPTED_OUT).setObservedAt(T1).setRecordedAt(T2)
                        .setSource("call-centre").setAgentId("agent.1"))
                .addChannelConsents(ChannelConsent.newBuilder().setChannel(Channel.CHANNEL_SMS)
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_SERVICE)
                        .setStatus(ConsentStatus.CONSENT_STATUS_OPTED_IN).setObservedAt(T1).setRecordedAt(T1)
                        .setSource("web"))
                .setDoNotContact(DoNotContact.newBuilder().setActive(true).setObservedAt(T1).setRecordedAt(T2)
                        .setSource("web"))
                .setTimeZone("Europe/Paris").setRevision(4).setUpdatedAt(T2).build();
        roundTrips(StoredFormats.CONSENTS, consents);
        roundTrips(StoredFormats.CONSENTS, consents.toBuilder().clearDoNotContact().clearTimeZone().build());
        for (ConsentChangeRecord change : List.of(
                ConsentChangeRecord.newBuilder().setChangeId("cc-1").setKind(ConsentChangeKind.CONSENT_CHANGE_KIND_CHANNEL)
                        .setChannel(Channel.CHANNEL_EMAIL).setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)
                        .setStatusBefore(ConsentStatus.CONSENT_STATUS_NONE)
                        .setStatusAfter(ConsentStatus.CONSENT_STATUS_OPTED_OUT).setObservedAt(T1).setRecordedAt(T2)
                        .setSource("call-centre").setAgentId("agent.1").setNote("asked on the phone").setApplied(true)
                        .addVoidedReservationIds("rsv-1").addVoidedReservationIds("rsv-2").build(),
                ConsentChangeRecord.newBuilder().setChangeId("cc-2")
                        .setKind(ConsentChangeKind.CONSENT_CHANGE_KIND_DO_NOT_CONTACT).setDoNotContactBefore(false)
                        .setDoNotContactAfter(true).setObservedAt(T1).setRecordedAt(T1).setSource("web")
                        .setApplied(false).build(),
                ConsentChangeRecord.newBuilder().setChangeId("cc-3").setKind(ConsentChangeKind.CONSENT_CHANGE_KIND_MERGE)
                        .setMergedFromPersonId("p-0").setTimeZoneBefore("").setTimeZoneAfter("Europe/Paris")
                        .setDoNotContactAfter(true).setObservedAt(T2).setRecordedAt(T2).setSource("identity-merge")
                        .setApplied(true).build())) {
            roundTrips(StoredFormats.CONSENT_CHANGES, change);
        }
    }

    @Test
    void aPolicyVersionAndItsAuditEntriesReadAndWriteBackUnchanged() {
        Policy policy = Policy.newBuilder().setPolicyId("standard").setDisplayName("Standard")
                .setDescription("Corporate-wide rules").setDefaultTimeZone("Europe/Paris")
                .addDivisions(Division.newBuilder().setDivisionId("travel").setDisplayName("Travel").setPriority(2)
                        .addCapShares(DivisionCapShare.newBuilder().setRuleId("weekly").setMaxContacts(1)))
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("weekly").setDescription("three a week")
                        .setScope(CapScope.CAP_SCOPE_DIVISION).setDivision(DivisionRef.newBuilder().setId("travel"))
                        .setCampaignId("spring").setMaxContacts(3)
                        .setWindow(RollingWindow.newBuilder().setLength(1).setUnit(WindowUnit.WINDOW_UNIT_WEEKS))
                        .addCategories(ContactCategory.CONTACT_CATEGORY_MARKETING))
                .addMinimumGaps(MinimumGap.newBuilder().setRuleId("gap").setChannel(Channel.CHANNEL_SMS)
                        .setMinGapSeconds(172_800))
                .addQuietHours(QuietHours.newBuilder().setRuleId("night").setChannel(Channel.CHANNEL_SMS)
                        .setStartLocalTime("21:00").setEndLocalTime("08:00").addDays(DayOfWeek.DAY_OF_WEEK_SUNDAY))
                .setConsent(ConsentRules.newBuilder().addOptInRequired(OptInRequirement.newBuilder()
                        .setChannel(Channel.CHANNEL_SMS).setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING))
                        .addDoNotContactCategories(ContactCategory.CONTACT_CATEGORY_MARKETING))
                .setFatigue(FatigueRules.newBuilder()
                        .setWindow(RollingWindow.newBuilder().setLength(30).setUnit(WindowUnit.WINDOW_UNIT_DAYS))
                        .setResponseGraceSeconds(259_200).setHalfLifeSeconds(604_800)
                        .addThresholds(FatigueThreshold.newBuilder().setLevelId("tired").setMinScore(2.5)
                                .setCapReductionPercent(50).addRuleIds("weekly")))
                .build();
        Value nothing = Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        PolicyAuditEntry created = PolicyAuditEntry.newBuilder().setAction(PolicyAuditAction.POLICY_AUDIT_ACTION_CREATED)
                .setActor("ops.anna").setAt(T1).setNote("weekly cap to 3")
                .addChanges(PolicyFieldChange.newBuilder().setPath("frequency_caps[rule_id=weekly].max_contacts")
                        .setBefore(Value.newBuilder().setNumberValue(2)).setAfter(Value.newBuilder().setNumberValue(3)))
                .addChanges(PolicyFieldChange.newBuilder().setPath("quiet_hours[rule_id=night]").setBefore(nothing)
                        .setAfter(Value.newBuilder().setListValue(ListValue.newBuilder()
                                .addValues(Value.newBuilder().setStringValue("MONDAY"))
                                .addValues(Value.newBuilder().setBoolValue(true)))))
                .build();
        PolicyAuditEntry activated = PolicyAuditEntry.newBuilder()
                .setAction(PolicyAuditAction.POLICY_AUDIT_ACTION_ACTIVATED).setActor("ops.ben").setAt(T2)
                .setReplaced(POLICY).build();
        PolicyAuditEntry deactivated = PolicyAuditEntry.newBuilder()
                .setAction(PolicyAuditAction.POLICY_AUDIT_ACTION_DEACTIVATED).setActor("ops.ben").setAt(T2)
                .setNote("rollback").setReplacedBy(POLICY).build();
        roundTrips(StoredFormats.POLICY_VERSIONS, PolicyVersion.newBuilder().setPolicy(policy).setVersion(4)
                .setBaseVersion(3).addAudit(created).addAudit(activated).addAudit(deactivated).build());
        roundTrips(StoredFormats.POLICY_VERSIONS, PolicyVersion.newBuilder().setPolicy(policy).setVersion(1)
                .addAudit(created).build());
        roundTrips(StoredFormats.POLICY_AUDIT, created);
        roundTrips(StoredFormats.POLICY_AUDIT, activated);
        roundTrips(StoredFormats.POLICY_AUDIT, deactivated);
    }
}
