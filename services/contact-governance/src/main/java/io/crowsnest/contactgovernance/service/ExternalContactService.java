package io.crowsnest.contactgovernance.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.LedgerEntry;
import io.crowsnest.contactgovernance.domain.OutcomeProgression;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.LedgerStore;

/**
 * RecordExternalContact: a contact made outside a reservation goes through the same rules and the
 * same atomic step (held while it is written); refused contacts are recorded only with override,
 * which records what was overridden. The adapter owns idempotency.
 */
@ApplicationScoped
public class ExternalContactService {

    @Inject
    GovernanceInputs inputs;
    @Inject
    LiveCounters live;
    @Inject
    LedgerStore ledger;

    /**
     * A checked report of a contact made: what the request says beyond the contact intent.
     *
     * @param initialOutcome PENDING when the request left it unspecified
     */
    public record Report(String idempotencyKey, String actionId, String requestingSystem, String agentId,
            String externalRef, OutcomeProgression.Outcome initialOutcome, boolean override) {
    }

    /** The rules' verdict, whether the contact was recorded (and against them), and the entry written. */
    public record Recorded(Verdict verdict, boolean recorded, boolean overridden, LedgerEntry entry) {
    }

    /** Records a checked external contact made at {@code intent.at()}. */
    public Recorded record(Report report, ContactPolicy policy, ContactIntent checked, PersonReference person,
            Instant now) {
        ContactIntent intent = inputs.withPerson(checked, person, "contact.person");
        String entryId = "le-x-" + StableIds.digest("RecordExternalContact:" + report.idempotencyKey());
        OutcomeProgression.Outcome outcome = report.initialOutcome();
        List<LedgerEntry.OutcomeRecord> history = outcome == OutcomeProgression.Outcome.PENDING ? List.of()
                : List.of(new LedgerEntry.OutcomeRecord(outcome, intent.at(), now, null, report.requestingSystem()));
        LedgerEntry entry = new LedgerEntry(entryId, intent.personId(), intent.channel(), intent.division(),
                intent.category(), intent.campaignId(), report.actionId(), intent.at(), now,
                LedgerEntry.Source.EXTERNAL, "", report.externalRef(), report.requestingSystem(), report.agentId(),
                false, List.of(), outcome, history, "", policy.ref());
        CountedContact made = new CountedContact(entryId, intent.at(), intent.channel(), intent.division(),
                intent.category(), intent.campaignId(), false);
        for (int attempt = 0; attempt < ReserveService.CONSENT_RETRIES; attempt++) {
            GovernanceInputs.Read personRead = inputs.read(policy, intent.personId(), now);
            GovernanceRules.Inputs read = personRead.rules();
            if (!GovernanceInputs.needsCounters(read, intent)) {
                Verdict verdict = GovernanceRules.evaluate(read, intent, List.of(), now);
                return write(entry, verdict, verdict.allowed(), report.override(), null, made, policy, now);
            }
            // The same atomic step as a reservation: the contact is held while it is written.
            CountedContact hold = new CountedContact(entryId, intent.at(), intent.channel(), intent.division(),
                    intent.category(), intent.campaignId(), true);
            boolean mayGrant = GovernanceRules.uncountedRulesAllow(read, intent);
            CounterStore.ReserveResult result = live.reserve(intent.personId(), policy, personRead.fence(),
                    List.of(GovernanceInputs.item(read, intent, hold, now.plus(Duration.ofMinutes(5)), mayGrant)),
                    now);
            if (result.status() == CounterStore.Status.CONSENT_STALE) {
                continue;
            }
            Verdict verdict = GovernanceRules.evaluate(read, intent, result.snapshot(), now);
            boolean allowed = result.grants()[0] && verdict.allowed();
            return write(entry, verdict, allowed, report.override(), result.grants()[0] ? hold : null, made,
                    policy, now);
        }
        throw GovernanceException.consentChanging(GovernanceException.Kind.UNAVAILABLE,
                "the person's consent kept changing; retry with the same idempotency key");
    }

    private Recorded write(LedgerEntry entry, Verdict verdict, boolean allowed, boolean override,
            CountedContact hold, CountedContact made, ContactPolicy policy, Instant now) {
        if (!allowed && !override) {
            if (hold != null) {
                live.release(entry.personId(), List.of(hold), now);
            }
            return new Recorded(verdict, false, false, null);
        }
        LedgerEntry written = allowed ? entry : entry.overriding(verdict.violations());
        ledger.insert(written);
        live.commit(written.personId(), hold, made, policy, now);
        return new Recorded(verdict, true, !allowed, written);
    }
}
