package io.crowsnest.contactgovernance.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ConsentState;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.FatigueHistory;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.LedgerStore;

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

    /**
     * What a grant or a check reads of the person before the atomic step: the rules' inputs and the
     * fence the step is taken against (consent revision, stale mark), from one read of the person's
     * consents document (and the ledger since the fatigue window, when the policy has fatigue).
     */
    public record Read(GovernanceRules.Inputs rules, LiveCounters.Fence fence) {
    }

    /** The rules' inputs and the counters' fence of the person, read before the atomic step. */
    public Read read(ContactPolicy policy, String personId, Instant now) {
        ConsentStore.Read stored = consents.read(personId);
        return new Read(rules(policy, personId, stored.state(), now), LiveCounters.Fence.of(stored));
    }

    /** Consents and fatigue history of the person (no counters step follows). */
    public GovernanceRules.Inputs inputs(ContactPolicy policy, String personId, Instant now) {
        return rules(policy, personId, consents.state(personId), now);
    }

    private GovernanceRules.Inputs rules(ContactPolicy policy, String personId, ConsentState consentState,
            Instant now) {
        FatigueHistory history = FatigueHistory.EMPTY;
        if (policy.fatigue().isPresent()) {
            Instant from = now.minus(policy.fatigue().get().window()).minus(Duration.ofDays(1));
            Instant lastResponse = null;
            List<FatigueHistory.Contact> contacts = ledger.fatigueSince(personId, from);
            for (FatigueHistory.Contact c : contacts) {
                if (c.respondedAt() != null && (lastResponse == null || c.respondedAt().isAfter(lastResponse))) {
                    lastResponse = c.respondedAt();
                }
            }
            history = new FatigueHistory(contacts, lastResponse);
        }
        return new GovernanceRules.Inputs(policy, consentState, history);
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
