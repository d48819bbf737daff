package io.crowsnest.alertnotification.store;

import org.bson.Document;

import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.DeliveryStatus;
import io.crowsnest.alertnotification.domain.Disposition;
import io.crowsnest.alertnotification.domain.MessageChannel;
import io.crowsnest.alertnotification.domain.Reason;

/** Deliveries to and from their MongoDB documents (no message content is stored). */
final class DeliveryDocuments {

    private DeliveryDocuments() {
    }

    static Document toDocument(Delivery d) {
        Document doc = new Document("_id", d.id()).append("reservationId", d.reservationId())
                .append("personId", d.personId()).append("channel", d.channel().name())
                .append("status", d.status().name()).append("disposition", d.disposition().name())
                .append("templateId", d.templateId()).append("provider", d.provider())
                .append("providerMessageId", d.providerMessageId()).append("campaignId", d.refs().campaignId())
                .append("decisionId", d.refs().decisionId()).append("actionId", d.refs().actionId())
                .append("createdAt", Dates.of(d.createdAt())).append("sentAt", Dates.of(d.sentAt()))
                .append("deliveredAt", Dates.of(d.deliveredAt())).append("failedAt", Dates.of(d.failedAt()))
                .append("openedAt", Dates.of(d.openedAt())).append("clickedAt", Dates.of(d.clickedAt()))
                .append("attempts", d.attempts());
        if (d.statusReason() != null) {
            doc.append("reasonCode", d.statusReason().code()).append("reasonMessage", d.statusReason().message());
        }
        if (d.address() != null) {
            doc.append("address", new Document("type", d.address().type()).append("masked", d.address().maskedValue())
                    .append("namespace", d.address().namespace()));
        }
        return doc;
    }

    static Delivery fromDocument(Document d) {
        Document a = d.get("address", Document.class);
        return new Delivery(d.getString("_id"), d.getString("reservationId"), d.getString("personId"),
                MessageChannel.valueOf(d.getString("channel")), DeliveryStatus.valueOf(d.getString("status")),
                d.containsKey("reasonCode") ? new Reason(d.getString("reasonCode"), d.getString("reasonMessage")) : null,
                Disposition.valueOf(d.getString("disposition")),
                a == null ? null : new Delivery.MaskedAddress(a.getString("type"), a.getString("masked"),
                        a.getString("namespace")),
                d.getString("templateId"), d.getString("provider"), d.getString("providerMessageId"),
                new Delivery.Refs(d.getString("campaignId"), d.getString("decisionId"), d.getString("actionId")),
                Dates.instant(d.getDate("createdAt")), Dates.instant(d.getDate("sentAt")),
                Dates.instant(d.getDate("deliveredAt")), Dates.instant(d.getDate("failedAt")),
                Dates.instant(d.getDate("openedAt")), Dates.instant(d.getDate("clickedAt")),
                d.get("attempts", Number.class).intValue());
    }
}
