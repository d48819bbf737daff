package io.crowsnest.contactgovernance.store;

import io.crowsnest.platform.mongo.MongoWrites;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowsnest.contactgovernance.domain.PolicyAuditEntry;
import io.crowsnest.contactgovernance.domain.PolicyVersion;

/**
 * Policy versions (immutable content plus an append-only audit trail) and the one document that
 * names the governing version. Activation is a single conditional update of that document, so
 * every evaluation sees either the old or the new version, never a mix. A version's state is
 * derived from the governing document, never stored twice. Versions and audit entries are kept in
 * their {@link RecordFormat}s (field {@code content}, entries appended to {@code content.audit}).
 */
@ApplicationScoped
public class PolicyStore {

    private static final String GOVERNING_ID = "governing";

    @Inject
    MongoDatabase database;
    @Inject
    RecordFormat<PolicyVersion> versionFormat;
    @Inject
    RecordFormat<PolicyAuditEntry> auditFormat;

    private MongoCollection<Document> versions;
    private MongoCollection<Document> governing;

    @PostConstruct
    void init() {
        versions = database.getCollection("policy_versions");
        governing = database.getCollection("policy_governing");
        versions.createIndex(Indexes.compoundIndex(Indexes.ascending("policyId"), Indexes.descending("version")),
                new IndexOptions().unique(true));
    }

    /** The version governing now, if any version was ever activated. */
    public record Governing(String policyId, long version, Instant activatedAt) {
    }

    public Optional<Governing> governing() {
        Document doc = governing.find(eq("_id", GOVERNING_ID)).first();
        if (doc == null) {
            return Optional.empty();
        }
        return Optional.of(new Governing(doc.getString("policyId"), doc.getLong("version"),
                doc.getDate("activatedAt").toInstant()));
    }

    /** One version with its derived state. */
    public Optional<PolicyVersion> find(String policyId, long version) {
        Document doc = versions.find(and(eq("policyId", policyId), eq("version", version))).first();
        return Optional.ofNullable(doc).map(d -> read(d, governing()));
    }

    /** The highest version of a policy. */
    public Optional<PolicyVersion> latest(String policyId) {
        Document doc = versions.find(eq("policyId", policyId)).sort(Sorts.descending("version")).first();
        return Optional.ofNullable(doc).map(d -> read(d, governing()));
    }

    /** Versions of one policy, newest first. */
    public List<PolicyVersion> versions(String policyId, int skip, int limit) {
        Optional<Governing> now = governing();
        List<PolicyVersion> out = new ArrayList<>();
        for (Document doc : versions.find(eq("policyId", policyId)).sort(Sorts.descending("version")).skip(skip)
                .limit(limit)) {
            out.add(read(doc, now));
        }
        return out;
    }

    /** Latest version of every policy, by policy id. */
    public List<PolicyVersion> latestOfEach(int skip, int limit) {
        Optional<Governing> now = governing();
        List<String> ids = new ArrayList<>();
        for (Document group : versions.aggregate(List.of(Aggregates.group("$policyId"),
                Aggregates.sort(Sorts.ascending("_id"))))) {
            ids.add(group.getString("_id"));
        }
        List<PolicyVersion> out = new ArrayList<>();
        for (String id : ids.subList(Math.min(skip, ids.size()), Math.min(skip + limit, ids.size()))) {
            Document doc = versions.find(eq("policyId", id)).sort(Sorts.descending("version")).first();
            out.add(read(doc, now));
        }
        return out;
    }

    /**
     * Writes a new version; false when that version number exists already (a concurrent edit from
     * the same base won).
     */
    public boolean insert(PolicyVersion version, Instant createdAt) {
        Document doc = new Document("_id", version.policy().policyId() + ":" + version.version())
                .append("policyId", version.policy().policyId())
                .append("version", version.version())
                .append("createdAt", Date.from(createdAt))
                .append("everActivated", false)
                .append("content", versionFormat.document(version.withState(null)));
        return MongoWrites.insertNew(versions, doc);
    }

    /**
     * Makes a version govern if the governing version is still the expected one (null: none yet);
     * false when another activation got there first.
     */
    public boolean switchGoverning(Governing expected, String policyId, long version, Instant at) {
        Document next = new Document("policyId", policyId).append("version", version).append("activatedAt",
                Date.from(at));
        if (expected == null) {
            return MongoWrites.insertNew(governing, new Document("_id", GOVERNING_ID).append("policyId", policyId)
                        .append("version", version).append("activatedAt", Date.from(at)));
        }
        return governing.updateOne(and(eq("_id", GOVERNING_ID), eq("policyId", expected.policyId()),
                eq("version", expected.version())), new Document("$set", next)).getModifiedCount() == 1;
    }

    /** Appends an audit entry to a version (activation, deactivation). */
    public void audit(String policyId, long version, PolicyAuditEntry entry, boolean activated) {
        List<org.bson.conversions.Bson> updates = new ArrayList<>();
        updates.add(Updates.push("content.audit", auditFormat.document(entry)));
        if (activated) {
            updates.add(Updates.set("everActivated", true));
        }
        versions.updateOne(and(eq("policyId", policyId), eq("version", version)), Updates.combine(updates));
    }

    private PolicyVersion read(Document doc, Optional<Governing> governing) {
        PolicyVersion stored = versionFormat.record(doc.get("content", Document.class));
        boolean active = governing.isPresent() && governing.get().policyId().equals(doc.getString("policyId"))
                && governing.get().version() == doc.getLong("version");
        PolicyVersion.State state = active ? PolicyVersion.State.ACTIVE
                : Boolean.TRUE.equals(doc.getBoolean("everActivated")) ? PolicyVersion.State.SUPERSEDED
                        : PolicyVersion.State.DRAFT;
        return stored.withState(state);
    }
}
