package io.crowsnest.contactgovernance.service;

import java.time.Instant;
import java.util.ArrayList;
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
 * CheckEligibilityBatch: several contacts of one person evaluated by CheckEligibility's own rules,
 * with the person resolved, their inputs read and their counters snapshotted once for all.
 */
@ApplicationScoped
public class EligibilityBatchService {

    @Inject
    GovernanceInputs inputs;
    @Inject
    LiveCounters live;

    /** One verdict per checked contact, in order; every contact names the same person. */
    public List<Verdict> check(ContactPolicy policy, List<ContactIntent> checked, PersonReference person, Instant now) {
        ContactIntent first = inputs.withPerson(checked.get(0), person, "contacts[0].person");
        GovernanceInputs.Read personRead = inputs.read(policy, first.personId(), now);
        GovernanceRules.Inputs read = personRead.rules();
        List<ContactIntent> resolved = new ArrayList<>();
        for (ContactIntent intent : checked) {
            resolved.add(intent.forPerson(first.personId()));
        }
        List<CountedContact> snapshot = List.of();
        if (resolved.stream().anyMatch(intent -> GovernanceInputs.needsCounters(read, intent))) {
            snapshot = live.reserve(first.personId(), policy, personRead.fence().anyConsent(), List.of(), now).snapshot();
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (ContactIntent intent : resolved) {
            verdicts.add(GovernanceRules.evaluate(read, intent, snapshot, now));
        }
        return verdicts;
    }
}
