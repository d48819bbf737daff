package io.crowsnest.alertnotification.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;

import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.Disposition;

/**
 * Deliveries in MongoDB ({@code deliveries}, keyed by delivery id) and the claim each takes on its
 * reservation ({@code delivery_reservations}, keyed by reservation id: the first insert wins, so a
 * reservation serves one delivery only).
 */
@ApplicationScoped
public class DeliveryStore {

    private final MongoCollection<Document> deliveries;
    private final MongoCollection<Document> claims;

    @Inject
    public DeliveryStore(MongoDatabase database) {
        this.deliveries = database.getCollection("deliveries");
        this.claims = database.getCollection("delivery_reservations");
        deliveries.createIndex(Indexes.ascending("providerMessageId"));
        deliveries.createIndex(Indexes.ascending("personId"));
        deliveries.createIndex(Indexes.ascending("disposition"));
    }

    /** Claims a reservation for a delivery and returns the delivery that holds it (this one, or an earlier one). */
    public String claim(String reservationId, String deliveryId) {
        try {
            claims.insertOne(new Document("_id", reservationId).append("deliveryId", deliveryId));
            return deliveryId;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document holder = claims.find(eq("_id", reservationId)).first();
            return holder == null ? deliveryId : holder.getString("deliveryId");
        }
    }

    /** Stores a new delivery, or returns the one already stored under its id. */
    public Delivery insertIfAbsent(Delivery delivery) {
        try {
            deliveries.insertOne(DeliveryDocuments.toDocument(delivery));
            return delivery;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return find(delivery.id()).orElseThrow();
        }
    }

    public void save(Delivery delivery) {
        deliveries.replaceOne(eq("_id", delivery.id()), DeliveryDocuments.toDocument(delivery),
                new ReplaceOptions().upsert(true));
    }

    public Optional<Delivery> find(String deliveryId) {
        return Optional.ofNullable(deliveries.find(eq("_id", deliveryId)).first()).map(DeliveryDocuments::fromDocument);
    }

    public Optional<Delivery> byReservation(String reservationId) {
        Document claim = claims.find(eq("_id", reservationId)).first();
        return claim == null ? Optional.empty() : find(claim.getString("deliveryId"));
    }

    public Optional<Delivery> byProviderMessageId(String messageId) {
        return Optional.ofNullable(deliveries.find(eq("providerMessageId", messageId)).first())
                .map(DeliveryDocuments::fromDocument);
    }

    public List<Delivery> about(Collection<String> personIds) {
        return deliveries.find(in("personId", personIds)).map(DeliveryDocuments::fromDocument)
                .into(new ArrayList<>());
    }

    /** Sent deliveries whose commit is still owed to contact-governance. */
    public List<Delivery> commitsPending(int max) {
        return deliveries.find(eq("disposition", Disposition.COMMIT_PENDING.name())).limit(max)
                .map(DeliveryDocuments::fromDocument).into(new ArrayList<>());
    }
}
