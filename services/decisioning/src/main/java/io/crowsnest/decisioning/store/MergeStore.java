package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.eq;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;

/** Merged-away person ids and their survivor ({@code merged_persons}), from identity's changes. */
@ApplicationScoped
public class MergeStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> merged;

    @PostConstruct
    void init() {
        merged = database.getCollection("merged_persons");
        merged.createIndex(Indexes.ascending("survivor"));
    }

    public void merged(String mergedId, String survivorId) {
        merged.replaceOne(eq("_id", mergedId), new Document("_id", mergedId).append("survivor", survivorId),
                new ReplaceOptions().upsert(true));
    }

    public Optional<String> survivorOf(String personId) {
        return Optional.ofNullable(merged.find(eq("_id", personId)).first()).map(d -> d.getString("survivor"));
    }

    /** Ids merged into the survivor. */
    public List<String> mergedInto(String survivorId) {
        List<String> out = new ArrayList<>();
        merged.find(eq("survivor", survivorId)).forEach(d -> out.add(d.getString("_id")));
        return out;
    }

    public void delete(List<String> ids) {
        merged.deleteMany(com.mongodb.client.model.Filters.in("_id", ids));
    }
}
