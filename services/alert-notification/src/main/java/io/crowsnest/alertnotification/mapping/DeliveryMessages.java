package io.crowsnest.alertnotification.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.protobuf.Value;

import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.DeliveryOrder;
import io.crowsnest.alertnotification.domain.Message;
import io.crowsnest.alertnotification.domain.MessageChannel;
import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.DeliveryStatus;
import io.crowsnest.alertnotification.v1.ReservationDisposition;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.MaskedIdentifier;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.platform.digest.Digests;
import io.crowsnest.platform.grpc.Timestamps;

/** Deliveries between the contract and the domain. */
public final class DeliveryMessages {

    private DeliveryMessages() {
    }

    /** The delivery id of an idempotency key: a retry of the same request finds the same delivery. */
    public static String deliveryId(String idempotencyKey) {
        return "d-" + Digests.sha256Hex(idempotencyKey).substring(0, 24);
    }

    /** The order as sent, before the checks (see DeliveryOrderRules for what is null when not given). */
    public static DeliveryOrder order(DeliverMessageRequest r) {
        Channel c = r.getChannel();
        MessageChannel channel = c == Channel.CHANNEL_EMAIL || c == Channel.CHANNEL_SMS || c == Channel.CHANNEL_PUSH
                ? MessageChannel.valueOf(c.name().replace("CHANNEL_", "")) : null;
        DeliveryOrder.TemplateRef template = null;
        Message rendered = null;
        if (r.hasTemplate()) {
            Map<String, Object> variables = new LinkedHashMap<>();
            r.getTemplate().getVariablesMap().forEach((k, v) -> variables.put(k,
                    v.getKindCase() == Value.KindCase.NULL_VALUE || v.getKindCase() == Value.KindCase.KIND_NOT_SET
                            ? null : java(v)));
            template = new DeliveryOrder.TemplateRef(r.getTemplate().getTemplateId(), r.getTemplate().getLanguage(),
                    variables);
        } else if (r.hasRendered()) {
            var m = r.getRendered();
            rendered = new Message(m.getSubject(), m.getBody(),
                    m.getContentType().isEmpty() ? Message.TEXT : m.getContentType(), m.getLanguage());
        }
        return new DeliveryOrder(deliveryId(r.getIdempotencyKey()), r.getReservationId(),
                AlertRequests.person(r.getPerson()), channel, template, rendered,
                new Delivery.Refs(r.getCampaignId(), r.getDecisionId(), r.getActionId()));
    }

    public static Object java(Value v) {
        return switch (v.getKindCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case NUMBER_VALUE -> v.getNumberValue() == Math.rint(v.getNumberValue())
                    && Math.abs(v.getNumberValue()) < 1e15 ? (Object) (long) v.getNumberValue() : v.getNumberValue();
            case LIST_VALUE -> v.getListValue().getValuesList().stream().map(DeliveryMessages::java).toList();
            case STRUCT_VALUE -> {
                Map<String, Object> map = new LinkedHashMap<>();
                v.getStructValue().getFieldsMap().forEach((k, x) -> map.put(k, java(x)));
                yield map;
            }
            default -> "";
        };
    }

    public static io.crowsnest.alertnotification.v1.Delivery toProto(Delivery d) {
        var b = io.crowsnest.alertnotification.v1.Delivery.newBuilder().setDeliveryId(d.id())
                .setReservationId(d.reservationId()).setPersonId(d.personId())
                .setChannel(Channel.valueOf("CHANNEL_" + d.channel().name()))
                .setStatus(DeliveryStatus.valueOf("DELIVERY_STATUS_" + d.status().name()))
                .setReservation(ReservationDisposition.valueOf("RESERVATION_DISPOSITION_" + d.disposition().name()))
                .setTemplateId(d.templateId()).setProvider(d.provider()).setProviderMessageId(d.providerMessageId())
                .setCampaignId(d.refs().campaignId()).setDecisionId(d.refs().decisionId())
                .setActionId(d.refs().actionId()).setCreatedAt(Timestamps.of(d.createdAt()))
                .setAttempts(d.attempts());
        if (d.statusReason() != null) {
            b.setStatusReason(Reason.newBuilder().setCode(d.statusReason().code())
                    .setMessage(d.statusReason().message()));
        }
        if (d.address() != null) {
            b.setAddress(MaskedIdentifier.newBuilder().setType(d.address().type())
                    .setMaskedValue(d.address().maskedValue()).setNamespace(d.address().namespace()));
        }
        if (d.sentAt() != null) {
            b.setSentAt(Timestamps.of(d.sentAt()));
        }
        if (d.deliveredAt() != null) {
            b.setDeliveredAt(Timestamps.of(d.deliveredAt()));
        }
        if (d.failedAt() != null) {
            b.setFailedAt(Timestamps.of(d.failedAt()));
        }
        if (d.openedAt() != null) {
            b.setOpenedAt(Timestamps.of(d.openedAt()));
        }
        if (d.clickedAt() != null) {
            b.setClickedAt(Timestamps.of(d.clickedAt()));
        }
        return b.build();
    }
}
