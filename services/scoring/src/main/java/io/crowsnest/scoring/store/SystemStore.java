package io.crowsnest.scoring.store;

import io.crowsnest.platform.mongo.ProtoDocuments;
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
import com.mongodb.client.model.Sorts;

import io.crowsnest.scoring.v1.SegmentationSystem;

/** Segmentation systems ({@code segmentation_systems}), each changed under its revision. */
@ApplicationScoped
public class SystemStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> systems;

    @PostConstruct
    void init() {
        systems = database.getCollection("segmentation_systems");
    }

    public Optional<SegmentationSystem> find(String systemId) {
        return Optional.ofNullable(systems.find(eq("_id", systemId)).first()).map(SystemStore::read);
    }

    /** Every system, by id. */
    public List<SegmentationSystem> all() {
        List<SegmentationSystem> out = new ArrayList<>();
        systems.find().sort(Sorts.ascending("_id")).forEach(d -> out.add(read(d)));
        return out;
    }

    /** Writes the system under its revision check (see Revisions). */
    public boolean write(SegmentationSystem system, long expectedRevision) {
        return Revisions.write(systems, new Document("_id", system.getSystemId()).append("revision",
                system.getRevision()).append("content", ProtoDocuments.toDocument(system)), expectedRevision);
    }

    public boolean delete(String systemId) {
        return systems.deleteOne(eq("_id", systemId)).getDeletedCount() == 1;
    }

    private static SegmentationSystem read(Document d) {
        return ProtoDocuments.fromDocument(d.get("content", Document.class), SegmentationSystem.newBuilder());
    }
}
