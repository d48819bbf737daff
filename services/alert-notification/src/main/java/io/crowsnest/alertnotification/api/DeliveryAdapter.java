package io.crowsnest.alertnotification.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.DeliveryOrder;
import io.crowsnest.alertnotification.domain.DeliveryOrderRules;
import io.crowsnest.alertnotification.domain.DomainException;
import io.crowsnest.alertnotification.domain.Fields;
import io.crowsnest.alertnotification.domain.Reason;
import io.crowsnest.alertnotification.mapping.DeliveryMessages;
import io.crowsnest.alertnotification.service.DeliveryService;
import io.crowsnest.alertnotification.service.DeliveryStatusService;
import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.DeliverMessageResponse;
import io.crowsnest.alertnotification.v1.DeliveryEventKind;
import io.crowsnest.alertnotification.v1.GetDeliveryStatusRequest;
import io.crowsnest.alertnotification.v1.GetDeliveryStatusResponse;
import io.crowsnest.alertnotification.v1.RecordDeliveryEventRequest;
import io.crowsnest.alertnotification.v1.RecordDeliveryEventResponse;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.grpc.StatusRuntimeException;

/** The delivery RPCs: check, map, call the use case, map back. */
@ApplicationScoped
class DeliveryAdapter {

    @Inject
    DeliveryService deliveries;
    @Inject
    DeliveryStatusService status;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    DeliverMessageResponse deliver(DeliverMessageRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.text(v::add, "reservation_id", r.getReservationId(), 1, 64);
        Checks.person(v, "person", r.hasPerson(), r.getPerson());
        DeliveryOrder order = DeliveryMessages.order(r);
        DeliveryOrderRules.check(v::add, order);
        v.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        try {
            return idempotency.once("DeliverMessage", r.getIdempotencyKey(), r, DeliverMessageResponse.parser(),
                    () -> answer(deliveries.deliver(order)));
        } catch (StatusRuntimeException e) {
            if ("IDEMPOTENCY_KEY_IN_USE".equals(GrpcErrors.reason(e))) {
                return answer(status.byId(DeliveryMessages.deliveryId(r.getIdempotencyKey())));
            }
            throw e;
        } catch (DomainException e) {
            throw Calls.status(e);
        }
    }

    private static DeliverMessageResponse answer(Delivery d) {
        var proto = DeliveryMessages.toProto(d);
        return DeliverMessageResponse.newBuilder().setDeliveryId(d.id()).setStatus(proto.getStatus())
                .setDelivery(proto).build();
    }

    GetDeliveryStatusResponse get(GetDeliveryStatusRequest r) {
        RequestChecks v = new RequestChecks();
        switch (r.getLookupCase()) {
            case DELIVERY_ID -> Fields.text(v::add, "delivery_id", r.getDeliveryId(), 1, 64);
            case RESERVATION_ID -> Fields.text(v::add, "reservation_id", r.getReservationId(), 1, 64);
            default -> v.add("delivery_id", "delivery_id or reservation_id required");
        }
        v.throwIfAny();
        Delivery d = r.hasDeliveryId() ? status.byId(r.getDeliveryId()) : status.byReservation(r.getReservationId());
        return GetDeliveryStatusResponse.newBuilder().setDelivery(DeliveryMessages.toProto(d)).build();
    }

    RecordDeliveryEventResponse report(RecordDeliveryEventRequest r) {
        check(r, clock.instant());
        return idempotency.once("RecordDeliveryEvent", r.getIdempotencyKey(), r, RecordDeliveryEventResponse.parser(),
                () -> {
                    Delivery d = r.hasDeliveryId() ? status.byId(r.getDeliveryId())
                            : status.byProviderMessageId(r.getProviderMessageId());
                    DeliveryStatusService.Reported done = status.report(d,
                            Delivery.Event.valueOf(r.getKind().name().replace("DELIVERY_EVENT_KIND_", "")),
                            Timestamps.instant(r.getOccurredAt()), r.hasDetail()
                                    ? new Reason(r.getDetail().getCode(), r.getDetail().getMessage()) : null,
                            r.getSource(), r.getIdempotencyKey());
                    return RecordDeliveryEventResponse.newBuilder().setDelivery(DeliveryMessages.toProto(done.delivery()))
                            .setChanged(done.changed()).build();
                });
    }

    private static void check(RecordDeliveryEventRequest r, Instant now) {
        RequestChecks v = new RequestChecks();
        switch (r.getDeliveryRefCase()) {
            case DELIVERY_ID -> Fields.text(v::add, "delivery_id", r.getDeliveryId(), 1, 64);
            case PROVIDER_MESSAGE_ID -> Fields.text(v::add, "provider_message_id", r.getProviderMessageId(), 1, 256);
            default -> v.add("delivery_id", "delivery_id or provider_message_id required");
        }
        if (r.getKind() == DeliveryEventKind.DELIVERY_EVENT_KIND_UNSPECIFIED
                || r.getKind() == DeliveryEventKind.UNRECOGNIZED) {
            v.add("kind", "required");
        }
        if (!r.hasOccurredAt()) {
            v.add("occurred_at", "required");
        } else if (Timestamps.instant(r.getOccurredAt()).isAfter(now.plus(Duration.ofMinutes(5)))) {
            v.add("occurred_at", "in the future");
        }
        Checks.reason(v, "detail", r.hasDetail(), r.getDetail(), false);
        Fields.system(v::add, "source", r.getSource());
        v.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
    }

}
