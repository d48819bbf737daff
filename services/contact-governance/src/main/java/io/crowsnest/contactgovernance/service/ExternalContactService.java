package io.crowsnest.contactgovernance.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.LedgerEntrySource;
import io.crowsnest.contactgovernance.v1.OutcomeRecord;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.RecordExternalContactResponse;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * RecordExternalContact: a contact made outside a reservation goes through the same rules and the
 * same atomic step (held while it is written); refused contacts are recorded only with override,
 * which records what was overridden.
 */
@ApplicationScoped
public class ExternalContactService {

    @Inject
    GovernanceInputs inputs;
    @Inject
    LiveCounters live;
    @Inject
    LedgerStore ledger;
    @Inject
    Idempotency idempotency;

    /** Records a checked external contact, once per idempotency key. */
    public RecordExternalContactResponse record(RecordExternalContactRequest request, ContactPolicy policy,
            ContactIntent checked, PersonReference person, Instant now) {
        ContactIntent intent = inputs.withPerson(checked, person, "contact.person");
        String entryId = "le-x-" + StableIds.digest("RecordExternalContact:" + request.getIdempotencyKey());
        return idempotency.once("RecordExternalContact", request.getIdempotencyKey(), request,
                RecordExternalContactResponse.parser(), () -> record(policy, intent, request, entryId, now));
    }

    private RecordExternalContactResponse record(ContactPolicy policy, ContactIntent intent,
            RecordExternalContactRequest request, String entryId, Instant now) {
        var c = request.getContact();
        ContactOutcome outcome = request.getInitialOutcome() == ContactOutcome.CONTACT_OUTCOME_UNSPECIFIED
                ? ContactOutcome.CONTACT_OUTCOME_PENDING
                : request.getInitialOutcome();
        LedgerEntry.Builder entry = LedgerEntry.newBuilder()
                .setEntryId(entryId)
                .setPersonId(intent.personId())
                .setChannel(c.getChannel())
                .setDivision(DivisionRef.newBuilder().setId(intent.division()))
                .setCategory(c.getCategory())
                .setCampaignId(c.getCampaignId())
                .setActionId(c.getActionId())
                .setContactedAt(request.getContactedAt())
                .setRecordedAt(Timestamps.of(now))
                .setSource(LedgerEntrySource.LEDGER_ENTRY_SOURCE_EXTERNAL)
                .setExternalRef(request.getExternalRef())
                .setRequestingSystem(c.getRequestingSystem())
                .setAgentId(c.getAgentId())
                .setOutcome(outcome)
                .setPolicy(ContractMapping.ref(policy.ref()));
        if (outcome != ContactOutcome.CONTACT_OUTCOME_PENDING) {
            entry.addOutcomeHistory(OutcomeRecord.newBuilder().setOutcome(outcome)
                    .setOccurredAt(request.getContactedAt()).setRecordedAt(Timestamps.of(now))
                    .setSource(c.getRequestingSystem()));
        }
        CountedContact made = new CountedContact(entryId, intent.at(), intent.channel(), intent.division(),
                intent.category(), intent.campaignId(), false);
        for (int attempt = 0; attempt < ReserveService.CONSENT_RETRIES; attempt++) {
            GovernanceRules.Inputs read = inputs.inputs(policy, intent.personId(), now);
            if (!GovernanceInputs.needsCounters(read, intent)) {
                Verdict verdict = GovernanceRules.evaluate(read, intent, List.of(), now);
                return write(entry, verdict, verdict.allowed(), request.getOverride(), null, made, policy, now);
            }
            // The same atomic step as a reservation: the contact is held while it is written.
            CountedContact hold = new CountedContact(entryId, intent.at(), intent.channel(), intent.division(),
                    intent.category(), intent.campaignId(), true);
            boolean mayGrant = GovernanceRules.uncountedRulesAllow(read, intent);
            CounterStore.ReserveResult result = live.reserve(intent.personId(), policy, read.consents().revision(),
                    List.of(GovernanceInputs.item(read, intent, hold, now.plus(Duration.ofMinutes(5)), mayGrant)),
                    now);
            if (result.status() == CounterStore.Status.CONSENT_STALE) {
                continue;
            }
            Verdict verdict = GovernanceRules.evaluate(read, intent, result.snapshot(), now);
            boolean allowed = result.grants()[0] && verdict.allowed();
            return write(entry, verdict, allowed, request.getOverride(), result.grants()[0] ? hold : null, made,
                    policy, now);
        }
        throw GovernanceException.consentChanging(GovernanceException.Kind.UNAVAILABLE,
                "the person's consent kept changing; retry with the same idempotency key");
    }

    private RecordExternalContactResponse write(LedgerEntry.Builder entry, Verdict verdict, boolean allowed,
            boolean override, CountedContact hold, CountedContact made, ContactPolicy policy, Instant now) {
        RecordExternalContactResponse.Builder out = RecordExternalContactResponse.newBuilder()
                .setVerdict(ContractMapping.verdict(verdict));
        if (!allowed && !override) {
            if (hold != null) {
                live.release(entry.getPersonId(), List.of(hold), now);
            }
            return out.setRecorded(false).build();
        }
        if (!allowed) {
            entry.setOverridden(true);
            verdict.violations().forEach(x -> entry.addOverriddenViolations(ContractMapping.violation(x)));
        }
        LedgerEntry written = entry.build();
        ledger.insert(written);
        live.commit(written.getPersonId(), hold, made, policy, now);
        return out.setRecorded(true).setOverridden(!allowed).setEntry(written).build();
    }
}
