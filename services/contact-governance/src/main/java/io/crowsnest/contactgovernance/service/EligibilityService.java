package io.crowsnest.contactgovernance.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.domain.Verdict;

/**
 * CheckEligibility: the verdict a reservation would get now, from the counters' snapshot, holding
 * nothing.
 */
@ApplicationScoped
public class EligibilityService {

    @Inject
    GovernanceInputs inputs;
    @Inject
    LiveCounters live;

    /** The verdict for a checked contact of the person the reference names. */
    public Verdict check(ContactPolicy policy, ContactIntent checked, PersonReference person, Instant now) {
        ContactIntent intent = inputs.withPerson(checked, person, "contact.person");
        GovernanceInputs.Read personRead = inputs.read(policy, intent.personId(), now);
        GovernanceRules.Inputs read = personRead.rules();
        List<CountedContact> snapshot = List.of();
        if (GovernanceInputs.needsCounters(read, intent)) {
            snapshot = live.reserve(intent.personId(), policy, personRead.fence().anyConsent(), List.of(), now).snapshot();
        }
        return GovernanceRules.evaluate(read, intent, snapshot, now);
    }
}
