package io.crowsnest.contactgovernance.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.FatigueHistory;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.OutcomeRecord;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * What every evaluation reads before the atomic step: the person the request names (resolved
 * through identity and merges), their consents and fatigue history, and what the counters must be
 * told about a contact.
 */
@ApplicationScoped
public class GovernanceInputs {

    @Inject
    ConsentStore consents;
    @Inject
    LedgerStore ledger;
    @Inject
    PersonResolver persons;

    /** Consents and fatigue history of the person, read before the atomic step. */
    public GovernanceRules.Inputs inputs(ContactPolicy policy, String personId, Instant now) {
        var consentState = ContractMapping.consents(consents.find(personId));
        FatigueHistory history = FatigueHistory.EMPTY;
        if (policy.fatigue().isPresent()) {
            Instant from = now.minus(policy.fatigue().get().window()).minus(Duration.ofDays(1));
            Instant lastResponse = null;
            List<FatigueHistory.Contact> contacts = new ArrayList<>();
            for (LedgerEntry e : ledger.since(personId, from)) {
                Instant responded = respondedAt(e);
                if (responded != null && (lastResponse == null || responded.isAfter(lastResponse))) {
                    lastResponse = responded;
                }
                contacts.add(new FatigueHistory.Contact(Timestamps.instant(e.getContactedAt()),
                        ContractMapping.category(e.getCategory()), responded));
            }
            history = new FatigueHistory(contacts, lastResponse);
        }
        return new GovernanceRules.Inputs(policy, consentState, history);
    }

    /** When the contact was last answered (RESPONDED), or null. */
    static Instant respondedAt(LedgerEntry e) {
        Instant responded = null;
        for (OutcomeRecord o : e.getOutcomeHistoryList()) {
            if (o.getOutcome() == ContactOutcome.CONTACT_OUTCOME_RESPONDED) {
                responded = Timestamps.instant(o.getOccurredAt());
            }
        }
        return responded;
    }

    /** The intent for the person the reference resolves to (identity, then merges); refuses forgotten ids. */
    public ContactIntent withPerson(ContactIntent intent, PersonReference ref, String field) {
        return intent.forPerson(persons.resolve(ref, field));
    }

    /** The contact as the atomic step takes it: the caps and gaps that count it, at its fatigue level. */
    static CounterStore.Item item(GovernanceRules.Inputs inputs, ContactIntent intent, CountedContact counted,
            Instant expires, boolean mayGrant) {
        var fatigue = GovernanceRules.fatigueAt(inputs, intent.at());
        return new CounterStore.Item(counted, expires, mayGrant,
                GovernanceRules.counterRules(inputs.policy(), intent, fatigue),
                GovernanceRules.gapRules(inputs.policy(), intent));
    }

    /** Whether any cap or gap counts the contact, so that the live counters must be asked. */
    static boolean needsCounters(GovernanceRules.Inputs inputs, ContactIntent intent) {
        var fatigue = GovernanceRules.fatigueAt(inputs, intent.at());
        return !GovernanceRules.counterRules(inputs.policy(), intent, fatigue).isEmpty()
                || !GovernanceRules.gapRules(inputs.policy(), intent).isEmpty();
    }
}
