package io.crowsnest.scoring.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;

import io.crowsnest.scoring.domain.SegmentDefinition;

/**
 * Segment definitions ({@code segments}, content written by {@link DefinitionFormat}), each
 * changed under its revision, with the variable paths its expression reads (so that a plan may
 * not drop a score a segment still reads).
 */
@ApplicationScoped
public class SegmentStore {

    @Inject
    MongoDatabase database;
    @Inject
    DefinitionFormat format;

    private MongoCollection<Document> segments;

    @PostConstruct
    void init() {
        segments = database.getCollection("segments");
    }

    public Optional<SegmentDefinition> find(String segmentId) {
        return Optional.ofNullable(segments.find(eq("_id", segmentId)).first()).map(this::read);
    }

    /**
     * A segment's bookkeeping without its definition: its revision, whether a backfill of that
     * revision is still to finish, and its re-evaluation interval (0: none).
     */
    public record Head(String segmentId, long revision, boolean backfilling, long reevaluationIntervalSeconds) {
    }

    /** The bookkeeping of every segment, by system, priority and id. */
    public List<Head> heads() {
        return all().stream().map(SegmentStore::head).toList();
    }

    /** The bookkeeping of one segment, if it exists. */
    public Optional<Head> head(String segmentId) {
        return find(segmentId).map(SegmentStore::head);
    }

    private static Head head(SegmentDefinition s) {
        return new Head(s.segmentId(), s.revision(), s.backfilling(), s.reevaluationIntervalSeconds());
    }

    /** The ids of a system's segments, by priority and id. */
    public List<String> idsIn(String systemId) {
        return page(List.of(systemId), "", Integer.MAX_VALUE).stream().map(SegmentDefinition::segmentId).toList();
    }

    /** Every segment, by system, priority and id. */
    public List<SegmentDefinition> all() {
        return page(List.of(), "", Integer.MAX_VALUE);
    }

    /**
     * Segments of the systems given (all when none) after a position ("" for the first page), by
     * system, priority and id.
     */
    public List<SegmentDefinition> page(List<String> systemIds, String after, int limit) {
        Bson filter = gt("order", after);
        if (!systemIds.isEmpty()) {
            filter = and(in("systemId", systemIds), filter);
        }
        List<SegmentDefinition> out = new ArrayList<>();
        segments.find(filter).sort(Sorts.ascending("order")).limit(limit).forEach(d -> out.add(read(d)));
        return out;
    }

    /** Where a segment stands in lists: system, priority (fixed width), id. */
    public static String position(SegmentDefinition segment) {
        return segment.systemId() + "\u0001" + String.format("%04d", segment.priority()) + "\u0001"
                + segment.segmentId();
    }

    public long countInSystem(String systemId) {
        return segments.countDocuments(eq("systemId", systemId));
    }

    /** Ids of the segments whose expression reads one of the paths. */
    public List<String> reading(List<String> paths) {
        List<String> ids = new ArrayList<>();
        segments.find(in("variables", paths)).sort(Sorts.ascending("_id")).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    /** Writes the segment, with the variable paths its expression reads, under its revision check (see Revisions). */
    public boolean write(SegmentDefinition segment, List<String> variables, long expectedRevision) {
        return Revisions.write(segments, new Document("_id", segment.segmentId())
                .append("systemId", segment.systemId()).append("order", position(segment))
                .append("revision", segment.revision()).append("variables", variables)
                .append("content", format.segment(segment)), expectedRevision);
    }

    /** Marks the revision LIVE, evaluated at the instant (RFC 3339), unless a newer revision was written since. */
    public boolean markLive(String segmentId, long revision, String evaluatedAt) {
        return segments.updateOne(and(eq("_id", segmentId), eq("revision", revision)), new Document("$set",
                new Document("content.evaluation_state", "SEGMENT_EVALUATION_STATE_LIVE")
                        .append("content.evaluated_at", evaluatedAt))).getModifiedCount() == 1;
    }

    public boolean delete(String segmentId, long revision) {
        return segments.deleteOne(and(eq("_id", segmentId), eq("revision", revision))).getDeletedCount() == 1;
    }

    private SegmentDefinition read(Document d) {
        return format.segment(d.get("content", Document.class));
    }
}
