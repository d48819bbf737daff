package io.crowsnest.alertnotification.service;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.client.GovernanceClient;
import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.DeliveryErrors;
import io.crowsnest.alertnotification.domain.Reason;
import io.crowsnest.alertnotification.store.DeliveryStore;

/**
 * A delivery's status (by delivery or reservation id), and the provider's reports that move it:
 * each report changes the delivery at most once and is recorded with contact-governance as the
 * contact's outcome (delivered, failed for a bounce, responded for a click).
 */
@ApplicationScoped
public class DeliveryStatusService {

    /** A report's result: the delivery after it, and whether it changed anything. */
    public record Reported(Delivery delivery, boolean changed) {
    }

    @Inject
    DeliveryStore deliveries;
    @Inject
    GovernanceClient governance;

    public Delivery byId(String deliveryId) {
        return visible(deliveries.find(deliveryId).orElseThrow(() -> new DeliveryErrors.DeliveryNotFound(deliveryId)));
    }

    public Delivery byReservation(String reservationId) {
        return visible(deliveries.byReservation(reservationId)
                .orElseThrow(() -> new DeliveryErrors.DeliveryNotFound(reservationId)));
    }

    public Delivery byProviderMessageId(String messageId) {
        return visible(deliveries.byProviderMessageId(messageId)
                .orElseThrow(() -> new DeliveryErrors.DeliveryNotFound(messageId)));
    }

    private static Delivery visible(Delivery d) {
        if (d.personId().isEmpty()) {
            throw new DeliveryErrors.DeliveryNotFound(d.id());
        }
        return d;
    }

    /** Applies a provider's report; the governance outcome goes under a key derived from the report's key. */
    public Reported report(Delivery delivery, Delivery.Event event, java.time.Instant at, Reason detail,
            String source, String key) {
        Delivery changed = delivery.reported(event, at.truncatedTo(ChronoUnit.MILLIS), detail);
        if (changed == delivery) {
            return new Reported(delivery, false);
        }
        governance.outcome(delivery.reservationId(), event, at, detail, source, "outcome-" + key);
        deliveries.save(changed);
        return new Reported(changed, true);
    }

}
