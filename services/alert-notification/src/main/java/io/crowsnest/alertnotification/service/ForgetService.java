package io.crowsnest.alertnotification.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.client.IdentityClient;
import io.crowsnest.alertnotification.connector.Connectors;
import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.domain.AlertErrors;
import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.Lead;
import io.crowsnest.alertnotification.domain.PersonLookup;
import io.crowsnest.alertnotification.feed.FeedPublisher;
import io.crowsnest.alertnotification.store.AlertStore;
import io.crowsnest.alertnotification.store.DeliveryStore;
import io.crowsnest.alertnotification.store.LeadStore;
import io.crowsnest.alertnotification.store.TombstoneStore;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * Erases a person (and the ids merged into it): alerts about them leave inboxes (their publication
 * is deleted from the feed's streams, a removal holding only the alert id goes to live screens), leads about them are deleted, deliveries lose person, address and content
 * references and the local sink's files, and an opaque tombstone remains. Merges move alerts,
 * deliveries and leads to the survivor.
 */
@ApplicationScoped
public class ForgetService {

    /** What an erasure did. */
    public record Forgotten(List<String> personIds, long alerts, long deliveries, Instant at, boolean already) {
    }

    @Inject
    Idempotency idempotency;
    @Inject
    AlertStore alerts;
    @Inject
    DeliveryStore deliveries;
    @Inject
    LeadStore leads;
    @Inject
    TombstoneStore tombstones;
    @Inject
    FeedPublisher feed;
    @Inject
    Connectors connectors;
    @Inject
    IdentityClient identity;
    @Inject
    Clock clock;

    /** ForgetPerson: the id, and its survivor when identity still knows it. */
    public Forgotten forget(String personId) {
        Set<String> ids = new LinkedHashSet<>(List.of(personId));
        boolean known = false;
        try {
            ids.add(identity.personId(PersonLookup.byId(personId), "person_id"));
            known = true;
        } catch (AlertErrors.PersonNotFound e) {
            // identity forgot it already (or never knew it): erase what is held here
        }
        var buried = tombstones.forgottenAt(personId);
        if (buried.isPresent() && !holdsAnything(ids)) {
            return new Forgotten(List.copyOf(ids), 0, 0, buried.get(), true);
        }
        if (!known && !holdsAnything(ids)) {
            throw new AlertErrors.PersonNotFound("person_id");
        }
        return erase(ids);
    }

    private boolean holdsAnything(Set<String> ids) {
        return !alerts.about(ids).isEmpty() || !deliveries.about(ids).isEmpty() || !leads.about(ids).isEmpty();
    }

    /** Erases everything held about these ids (the FORGOTTEN change from identity). */
    public Forgotten erase(Set<String> ids) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Alert> about = alerts.about(ids);
        for (Alert alert : about) {
            feed.erased(alert); // first: when Redis is down the erasure fails whole and is retried
            alerts.delete(alert.id());
            feed.changed(alert, "", true);
        }
        List<Delivery> sent = deliveries.about(ids);
        List<String> deliveryIds = new ArrayList<>();
        for (Delivery d : sent) {
            deliveries.save(d.erased());
            deliveryIds.add(d.id());
        }
        try {
            connectors.sink().forget(deliveryIds);
        } catch (IOException e) {
            throw new UncheckedIOException("the local sink's messages could not be deleted", e);
        }
        leads.about(ids).stream().map(Lead::id).forEach(leads::delete);
        idempotency.forget(ids); // the answers kept for retries that concerned them
        ids.forEach(id -> tombstones.bury(id, now));
        return new Forgotten(List.copyOf(ids), about.size(), sent.size(), now, false);
    }

    /** Moves everything about a merged-away person to the survivor (the MERGED change from identity). */
    public void merge(String mergedId, String survivorId) {
        Set<String> merged = Set.of(mergedId);
        for (Alert alert : alerts.about(merged)) {
            Alert current = alert;
            while (current != null && !alerts.replace(current.withPerson(survivorId), current.version())) {
                current = alerts.find(alert.id()).orElse(null);
            }
        }
        deliveries.about(merged).forEach(d -> deliveries.save(d.movedTo(survivorId)));
        leads.about(merged).forEach(l -> leads.save(l.movedTo(survivorId)));
    }
}
