package io.crowsnest.alertnotification.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.client.GovernanceClient;
import io.crowsnest.alertnotification.client.IdentityClient;
import io.crowsnest.alertnotification.client.ProfileClient;
import io.crowsnest.alertnotification.connector.Connector;
import io.crowsnest.alertnotification.connector.Connectors;
import io.crowsnest.alertnotification.connector.SendResult;
import io.crowsnest.alertnotification.domain.Address;
import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.DeliveryErrors;
import io.crowsnest.alertnotification.domain.DeliveryOrder;
import io.crowsnest.alertnotification.domain.DeliveryStatus;
import io.crowsnest.alertnotification.domain.Disposition;
import io.crowsnest.alertnotification.domain.Message;
import io.crowsnest.alertnotification.domain.Reason;
import io.crowsnest.alertnotification.domain.Reservation;
import io.crowsnest.alertnotification.store.DeliveryStore;

/**
 * Delivers a customer message under a contact-governance reservation: checks the reservation
 * (open, this person, this channel, not expired by our clock), renders the content, claims the
 * reservation for this delivery, reads the address from identity, hands the message to the channel's
 * connector (retrying with backoff under the delivery id, so the provider sees one message) and
 * commits the reservation when the provider accepted it, or releases it when nothing was sent.
 */
@ApplicationScoped
public class DeliveryService {

    @Inject
    IdentityClient identity;
    @Inject
    ProfileClient profile;
    @Inject
    GovernanceClient governance;
    @Inject
    MessageRenderer renderer;
    @Inject
    Connectors connectors;
    @Inject
    DeliveryStore deliveries;
    @Inject
    ProviderSends sends;
    @Inject
    Clock clock;

    public Delivery deliver(DeliveryOrder order) {
        String personId = identity.personId(order.person(), "person");
        Reservation reservation = governance.reservation(order.reservationId());
        reservation.requireUsable(personId, order.channel(), clock.instant());
        Message message = content(order, personId);
        String holder = deliveries.claim(order.reservationId(), order.deliveryId());
        if (!holder.equals(order.deliveryId())) {
            throw new DeliveryErrors.ReservationUnusable("RESERVATION_IN_USE", order.reservationId(),
                    "is used by delivery " + holder);
        }
        Connector connector = connectors.of(order.channel());
        Delivery delivery = deliveries.insertIfAbsent(Delivery.pending(order.deliveryId(), order.reservationId(),
                personId, order.channel(), order.template() == null ? "" : order.template().templateId(),
                connector.name(), order.refs(), now()));
        if (delivery.status() != DeliveryStatus.PENDING) {
            return delivery;
        }
        List<Address> addresses = identity.addresses(personId, order.channel());
        if (addresses.isEmpty()) {
            return fail(delivery, new Reason("NO_ADDRESS", "identity holds no " + order.channel()
                    + " address for the person"), 0);
        }
        Address to = addresses.get(0);
        delivery = delivery.to(new Delivery.MaskedAddress(to.type(), to.maskedValue(), to.namespace()));
        ProviderSends.Outcome sent = sends.send(connector, delivery, to.value(), message);
        if (sent.result() instanceof SendResult.Accepted accepted) {
            Delivery done = delivery.sent(accepted.providerMessageId(), sent.attempts(), now());
            deliveries.save(done.disposed(Disposition.COMMIT_PENDING));
            Disposition disposition = governance.commit(done.reservationId(), done.id(), done.sentAt(),
                    accepted.providerMessageId()) == GovernanceClient.Commit.COMMITTED ? Disposition.COMMITTED
                            : Disposition.COMMIT_PENDING;
            done = done.disposed(disposition);
            deliveries.save(done);
            return done;
        }
        Reason why = sent.result() instanceof SendResult.Rejected r ? new Reason("PROVIDER_REJECTED", r.detail())
                : new Reason("PROVIDER_UNAVAILABLE", ((SendResult.Unavailable) sent.result()).detail() + " after "
                        + sent.attempts() + " attempts");
        return fail(delivery, why, sent.attempts());
    }

    private Message content(DeliveryOrder order, String personId) {
        if (order.template() == null) {
            return order.rendered().checkedFor(order.channel(), "rendered");
        }
        String language = order.template().language();
        if (language.isEmpty()) {
            language = profile.language(personId).orElse("");
        }
        return renderer.render(order.template().templateId(), order.channel(), language, order.template().variables())
                .checkedFor(order.channel(), "template");
    }

    private Delivery fail(Delivery delivery, Reason why, int attempts) {
        Delivery failed = delivery.failed(why, attempts, now());
        deliveries.save(failed);
        if (governance.release(failed.reservationId(), failed.id(), why)) {
            failed = failed.disposed(Disposition.RELEASED);
            deliveries.save(failed);
        }
        return failed;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
