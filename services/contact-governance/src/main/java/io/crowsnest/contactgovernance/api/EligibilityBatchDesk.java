package io.crowsnest.contactgovernance.api;

import java.time.Clock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchResponse;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.platform.grpc.GrpcErrors;

/**
 * CheckEligibilityBatch: several contacts of one person evaluated by CheckEligibility's own rules,
 * with the person resolved, their inputs read and their counters snapshotted once for all.
 */
@ApplicationScoped
public class EligibilityBatchDesk {

    @Inject
    Clock clock;

    static final int MAX_CONTACTS = 50;

    @Inject
    ReservationDesk desk;
    @Inject
    GoverningPolicy governing;
    @Inject
    LiveCounters live;

    public CheckEligibilityBatchResponse check(CheckEligibilityBatchRequest request) {
        Instant now = clock.instant();
        ContactPolicy policy = governing.current();
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        int n = request.getContactsCount();
        if (n == 0 || n > MAX_CONTACTS) {
            v.add("contacts", "needs 1 to " + MAX_CONTACTS + " contacts, got " + n);
        }
        List<ContactIntent> intents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ContactRequest contact = request.getContacts(i);
            String path = "contacts[" + i + "]";
            if (i > 0 && !contact.getPerson().equals(request.getContacts(0).getPerson())) {
                v.add(path + ".person", "must name the same person as contacts[0]");
            }
            Instant at = ContactChecks.planned(contact, path + ".planned_at", now,
                    now.plus(ReservationDesk.CHECK_AHEAD), "90 days ahead", v);
            intents.add(ContactChecks.contact(contact, path, policy, at, v));
        }
        v.throwIfAny();
        ContactIntent first = desk.withPerson(intents.get(0), request.getContacts(0).getPerson(), "contacts[0].person");
        GovernanceRules.Inputs inputs = desk.inputs(policy, first.personId(), now);
        List<ContactIntent> resolved = new ArrayList<>();
        for (ContactIntent intent : intents) {
            resolved.add(new ContactIntent(first.personId(), intent.channel(), intent.division(), intent.category(),
                    intent.campaignId(), intent.at(), intent.requestedTimeZone()));
        }
        List<CountedContact> snapshot = List.of();
        if (resolved.stream().anyMatch(intent -> ReservationDesk.needsCounters(inputs, intent))) {
            snapshot = live.reserve(first.personId(), policy, Long.MAX_VALUE, List.of(), now).snapshot();
        }
        CheckEligibilityBatchResponse.Builder out = CheckEligibilityBatchResponse.newBuilder();
        for (ContactIntent intent : resolved) {
            out.addVerdicts(Mapping.verdict(GovernanceRules.evaluate(inputs, intent, snapshot, now)));
        }
        return out.build();
    }
}
