package io.crowsnest.gateway.store;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.crowsnest.gateway.domain.Erasure;
import io.crowsnest.gateway.domain.Erasure.ServiceErasure;

/**
 * Erasure requests in MongoDB ({@code erasures}), one document per request keyed by its id. They
 * hold the erased person id (the request is the record that it was erased) and no other personal
 * data.
 */
@ApplicationScoped
public class ErasureStore {

    @Inject
    MongoDatabase database;

    /** Stores a new erasure; false when one with this id exists already. */
    public boolean insert(Erasure erasure) {
        try {
            collection().insertOne(toDocument(erasure));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public void save(Erasure erasure) {
        collection().replaceOne(Filters.eq("_id", erasure.id()), toDocument(erasure));
    }

    /** Up to {@code limit} erasures some service has not confirmed yet, oldest first. */
    public List<Erasure> unfinished(int limit) {
        List<Erasure> found = new ArrayList<>();
        collection().find(Filters.ne("complete", true)).sort(Sorts.ascending("requestedAt")).limit(limit)
                .forEach(d -> found.add(fromDocument(d)));
        return found;
    }

    public Optional<Erasure> find(String id) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", id)).first()).map(ErasureStore::fromDocument);
    }

    private static Document toDocument(Erasure e) {
        Document services = new Document();
        e.services().forEach((name, s) -> services.append(name, new Document("erased", s.erased())
                .append("at", s.at() == null ? null : Date.from(s.at())).append("alreadyForgotten", s.alreadyForgotten())
                .append("lastError", s.lastError()).append("attempts", s.attempts())));
        return new Document("_id", e.id()).append("personId", e.personId()).append("reasonCode", e.reasonCode())
                .append("reasonMessage", e.reasonMessage()).append("requestedBy", e.requestedBy())
                .append("requestedAt", Date.from(e.requestedAt())).append("forgottenPersonIds", e.forgottenPersonIds())
                .append("services", services).append("complete", e.complete());
    }

    private static Erasure fromDocument(Document d) {
        Map<String, ServiceErasure> services = new LinkedHashMap<>();
        Document stored = d.get("services", Document.class);
        for (String name : Erasure.SERVICES) {
            Document s = stored.get(name, Document.class);
            services.put(name, s == null ? ServiceErasure.PENDING : new ServiceErasure(s.getBoolean("erased", false),
                    s.getDate("at") == null ? null : s.getDate("at").toInstant(), s.getBoolean("alreadyForgotten", false),
                    s.getString("lastError"), s.getInteger("attempts", 0)));
        }
        return new Erasure(d.getString("_id"), d.getString("personId"), d.getString("reasonCode"),
                d.getString("reasonMessage"), d.getString("requestedBy"), d.getDate("requestedAt").toInstant(),
                new ArrayList<>(d.getList("forgottenPersonIds", String.class, List.of())), services);
    }

    private MongoCollection<Document> collection() {
        return database.getCollection("erasures");
    }
}
