package io.crowsnest.scoring.store;

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

import io.crowsnest.scoring.domain.SystemDefinition;

/**
 * Segmentation systems ({@code segmentation_systems}, content written by {@link DefinitionFormat}),
 * each changed under its revision.
 */
@ApplicationScoped
public class SystemStore {

    @Inject
    MongoDatabase database;
    @Inject
    DefinitionFormat format;

    private MongoCollection<Document> systems;

    @PostConstruct
    void init() {
        systems = database.getCollection("segmentation_systems");
    }

    public Optional<SystemDefinition> find(String systemId) {
        return Optional.ofNullable(systems.find(eq("_id", systemId)).first()).map(this::read);
    }

    /** Every system, by id. */
    public List<SystemDefinition> all() {
        List<SystemDefinition> out = new ArrayList<>();
        systems.find().sort(Sorts.ascending("_id")).forEach(d -> out.add(read(d)));
        return out;
    }

    /** Writes the system under its revision check (see Revisions). */
    public boolean write(SystemDefinition system, long expectedRevision) {
        return Revisions.write(systems, new Document("_id", system.systemId()).append("revision",
                system.revision()).append("content", format.system(system)), expectedRevision);
    }

    public boolean delete(String systemId) {
        return systems.deleteOne(eq("_id", systemId)).getDeletedCount() == 1;
    }

    private SystemDefinition read(Document d) {
        return format.system(d.get("content", Document.class));
    }
}
