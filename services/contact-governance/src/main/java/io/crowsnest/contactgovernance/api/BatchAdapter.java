package io.crowsnest.contactgovernance.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ContactHorizons;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.mapping.ContractMapping;
import io.crowsnest.contactgovernance.mapping.Reservations;
import io.crowsnest.contactgovernance.mapping.ReserveAnswers;
import io.crowsnest.contactgovernance.service.EligibilityBatchService;
import io.crowsnest.contactgovernance.service.GoverningPolicy;
import io.crowsnest.contactgovernance.service.ReserveBatchService;
import io.crowsnest.contactgovernance.v1.BatchReservationItem;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchResponse;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchResponse;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * ReserveContactBatch and CheckEligibilityBatch: the checks of every item, then the batch use case
 * (a reservation batch once per idempotency key).
 */
@ApplicationScoped
public class BatchAdapter {

    private static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_ITEMS = 1000;
    static final int MAX_CONTACTS = 50;

    @Inject
    GoverningPolicy governing;
    @Inject
    ReserveBatchService reserveBatch;
    @Inject
    EligibilityBatchService eligibilityBatch;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    ReserveContactBatchResponse reserve(ReserveContactBatchRequest request) {
        Instant now = clock.instant();
        ContactPolicy policy = governing.current();
        RequestChecks v = new RequestChecks();
        if (request.getItemsCount() == 0 || request.getItemsCount() > MAX_ITEMS) {
            v.add("items", "must hold 1 to 1,000 items, got " + request.getItemsCount());
        }
        Duration ttl = ReservationAdapter.ttl(request.getTtlSeconds(), "ttl_seconds", v);
        Instant expires = now.plus(ttl);
        v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        Set<String> ids = new HashSet<>();
        Set<String> currencies = new HashSet<>();
        List<ContactIntent> intents = new ArrayList<>();
        for (int i = 0; i < request.getItemsCount(); i++) {
            BatchReservationItem item = request.getItems(i);
            String f = "items[" + i + "]";
            if (!ITEM_ID.matcher(item.getItemId()).matches()) {
                v.add(f + ".item_id", "must be 1 to 64 characters of letters, digits and . _ : -");
            } else if (!ids.add(item.getItemId())) {
                v.add(f + ".item_id", "'" + item.getItemId() + "' appears twice in the batch");
            }
            if (item.getContact().hasExpectedValue()) {
                currencies.add(item.getContact().getExpectedValue().getCurrencyCode());
            }
            Instant at = ContactChecks.planned(item.getContact(), f + ".contact.planned_at", now, expires,
                    "the reservation's expiry", v);
            intents.add(ContactChecks.contact(item.getContact(), f + ".contact", policy, at, v));
        }
        if (currencies.size() > 1) {
            v.add("items", "expected values must all use one currency, got " + currencies);
        }
        v.throwIfAny();
        List<ReserveBatchService.Item> items = request.getItemsList().stream()
                .map(item -> new ReserveBatchService.Item(item.getItemId(), Reservations.contact(item.getContact())))
                .toList();
        List<PersonReference> persons = request.getItemsList().stream()
                .map(item -> ContactChecks.reference(item.getContact().getPerson())).toList();
        return idempotency.once("ReserveContactBatch", request.getIdempotencyKey(), request,
                ReserveContactBatchResponse.parser(), () -> ReserveAnswers.batch(reserveBatch.reserve(
                        request.getIdempotencyKey(), items, policy, intents, persons, now, expires)),
                answer -> ContactChecks.personIds(
                        request.getItemsList().stream().map(BatchReservationItem::getContact).toList()));
    }

    CheckEligibilityBatchResponse check(CheckEligibilityBatchRequest request) {
        Instant now = clock.instant();
        ContactPolicy policy = governing.current();
        RequestChecks v = new RequestChecks();
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
                    now.plus(ContactHorizons.CHECK_AHEAD), "90 days ahead", v);
            intents.add(ContactChecks.contact(contact, path, policy, at, v));
        }
        v.throwIfAny();
        CheckEligibilityBatchResponse.Builder out = CheckEligibilityBatchResponse.newBuilder();
        eligibilityBatch.check(policy, intents, ContactChecks.reference(request.getContacts(0).getPerson()), now)
                .forEach(verdict -> out.addVerdicts(ContractMapping.verdict(verdict)));
        return out.build();
    }
}
