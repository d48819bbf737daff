package io.crowsnest.localstack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/**
 * A database of the in-memory stand-in that finds documents the way MongoDB would, through an
 * index, instead of reading the whole collection for every query. mongo-java-server uses an index
 * only for a query on exactly a unique index's keys (so {@code {_id: x, state: "HELD"}}, the
 * compare-and-set every store does, read every document) and ignores non-unique indexes. Here a
 * query with an equality or {@code $in} (at the top level or in a clause of a top-level
 * {@code $and}, the form the driver gives every {@code Filters.and}) on {@code _id}, on a
 * single-key unique index, or on the longest prefix of another index's keys reads only the
 * documents that hold those values ({@link EqualityIndex}), the fewest of all such candidates;
 * the collection still applies the whole query, sort, skip, limit and projection to them, and with
 * no sort the documents come in the same (natural) order as a full read would give. An aggregation
 * whose first stage is such a {@code $match} (a {@code countDocuments} among them, which the driver
 * sends as {@code $match} and {@code $group}) runs its stages on those documents alone, as MongoDB
 * uses an index for a leading {@code $match}. {@code IndexedMemoryDatabaseTest} checks every answer
 * against a full read.
 */
final class IndexedMemoryDatabase extends MemoryDatabase {

    /**
     * Queries that read at least this many documents, whole collections or through an index, are
     * printed on standard error (once per collection and query shape): what a benchmark run needs to
     * find the filters no index serves well. Off (0) unless {@code -Dcrowsnest.mongo.report-scans=N}.
     */
    static final int REPORT_SCANS = Integer.getInteger("crowsnest.mongo.report-scans", 0);
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    /** Integers beyond this stay longs in the library's value normalisation: such values are compared, not hashed, here. */
    private static final long EXACT_DOUBLE = 1L << 53;

    IndexedMemoryDatabase(String databaseName, CursorRegistry cursorRegistry) {
        super(databaseName, cursorRegistry);
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver,
            Oplog oplog) {
        if (command.equalsIgnoreCase("aggregate")) {
            Document answer = aggregateThroughIndex(query, resolver, oplog);
            if (answer != null) {
                return answer;
            }
        }
        return super.handleCommand(channel, command, query, resolver, oplog);
    }

    /**
     * The answer of an aggregation over a collection whose first stage is a {@code $match} an index
     * narrows: every stage, that {@code $match} included, runs on the documents the index finds, in
     * natural order, and the whole result comes in the first batch as the library gives it; null
     * when the aggregation is not of that kind (the library then runs it over the whole collection).
     */
    private Document aggregateThroughIndex(Document query, DatabaseResolver resolver, Oplog oplog) {
        if (!(query.get("aggregate") instanceof String name) || query.containsKey("let")) {
            return null;
        }
        List<Document> pipeline = Aggregation.parse(query.get("pipeline"));
        if (pipeline.isEmpty() || pipeline.get(0).size() != 1
                || !(pipeline.get(0).get("$match") instanceof Document match)
                || pipeline.stream().anyMatch(stage -> stage.containsKey("$changeStream")
                        || stage.containsKey("$out") || stage.containsKey("$merge"))) {
            return null;
        }
        MongoCollection<Integer> collection = resolveCollection(name, false);
        if (!(collection instanceof IndexedCollection indexed)) {
            return null;
        }
        Stream<Document> candidates = indexed.candidateDocuments(match);
        if (candidates == null) {
            indexed.reportScan("aggregate", match);
            return null;
        }
        Aggregation aggregation = Aggregation.fromPipeline(pipeline, resolver, this, collection, oplog);
        aggregation.validate(query);
        Document cursor = new Document("id", 0L);
        cursor.put("ns", getFullCollectionNamespace(name));
        cursor.put("firstBatch", aggregation.runStages(candidates));
        Document answer = new Document("cursor", cursor);
        answer.put("ok", 1.0);
        return answer;
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
        return new IndexedCollection(this, collectionName, options, cursorRegistry);
    }

    @Override
    protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        return new EqualityIndex(indexName, keys, sparse);
    }

    private static final class IndexedCollection extends MemoryCollection {

        IndexedCollection(MemoryDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                int batchSize, Document fieldSelector) {
            if (query != null && (orderBy == null || !orderBy.containsKey("$natural"))) {
                NavigableSet<Integer> candidates = candidates(query);
                if (candidates != null) {
                    return matchDocuments(query, candidates, orderBy, numberToSkip, limit, batchSize, fieldSelector);
                }
                reportScan("find", query);
            }
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        /** Reports a whole read of a large collection (see REPORT_SCANS). */
        void reportScan(String what, Document query) {
            report(count(), () -> what + " " + shape(query));
        }

        /** Prints a read of {@code read} documents once per collection and query shape (how), when large (REPORT_SCANS). */
        private void report(int read, java.util.function.Supplier<String> how) {
            if (REPORT_SCANS <= 0 || read < REPORT_SCANS) {
                return;
            }
            String shape = getDatabaseName() + "." + getCollectionName() + " " + how.get();
            if (REPORTED.add(shape)) {
                System.err.println("[mongo stand-in] read " + read + " of " + count() + " documents: " + shape);
            }
        }

        /** The query with every value replaced by "?": the filter's shape. */
        private static Object shape(Object v) {
            if (v instanceof Document d) {
                Map<String, Object> out = new LinkedHashMap<>();
                d.forEach((k, x) -> out.put(k, shape(x)));
                return out;
            }
            if (v instanceof List<?> l) {
                return l.stream().map(IndexedCollection::shape).distinct().toList();
            }
            return "?";
        }

        /** The documents an index narrows the query to, in natural order, or null when none can. */
        Stream<Document> candidateDocuments(Document query) {
            NavigableSet<Integer> candidates = candidates(query);
            return candidates == null ? null : candidates.stream().map(this::getDocument);
        }

        /**
         * The positions an index narrows the query to (ascending: natural order), or null when none
         * can: the index that finds the fewest, as estimated without reading any (a planner's
         * choice), and only its positions copied.
         */
        private NavigableSet<Integer> candidates(Document query) {
            Map<String, List<Object>> equal = new LinkedHashMap<>();
            equalities(query, equal);
            if (equal.isEmpty()) {
                return null;
            }
            Plan best = null;
            for (Index<Integer> index : getIndexes()) {
                Plan plan = plan(index, equal);
                if (plan != null && (best == null || plan.estimate() < best.estimate())) {
                    best = plan;
                }
            }
            if (best == null) {
                return null;
            }
            NavigableSet<Integer> found = best.read().get();
            final Plan chosen = best;
            report(found.size(), () -> "find " + shape(query) + " through " + chosen.index());
            return found;
        }

        /** How an index would narrow a query: its name, how many it finds at most, and the reading. */
        private record Plan(String index, long estimate, java.util.function.Supplier<NavigableSet<Integer>> read) {
        }

        /**
         * Collects the fields the query asks equality of, at the top level and in the clauses of a
         * top-level $and (the form the driver gives every Filters.and): a document matching the
         * query holds all of them at once.
         */
        private static void equalities(Document query, Map<String, List<Object>> out) {
            for (Map.Entry<String, Object> field : query.entrySet()) {
                if (field.getKey().equals("$and") && field.getValue() instanceof List<?> clauses) {
                    for (Object clause : clauses) {
                        if (clause instanceof Document d) {
                            equalities(d, out);
                        }
                    }
                } else if (!field.getKey().startsWith("$")) {
                    List<Object> values = equalities(field.getValue());
                    if (values != null) {
                        out.putIfAbsent(field.getKey(), values);
                    }
                }
            }
        }

        private static Plan plan(Index<Integer> index, Map<String, List<Object>> equal) {
            if (index instanceof EqualityIndex equality) {
                // the longest prefix of the index's keys that the query asks equality of
                List<List<Object>> prefix = new ArrayList<>();
                for (String key : equality.keyNames()) {
                    if (!equal.containsKey(key)) {
                        break;
                    }
                    prefix.add(equal.get(key));
                }
                if (prefix.isEmpty()) {
                    return null;
                }
                EqualityIndex.Found found = equality.find(prefix);
                return new Plan(index.getName(), found.estimate(), found::positions);
            }
            if (index.isUnique() && index.getKeys().size() == 1 && equal.containsKey(index.getKeys().get(0).getKey())) {
                String key = index.getKeys().get(0).getKey();
                List<Object> values = equal.get(key);
                for (Object v : values) {
                    if (!index.canHandle(new Document(key, v))) {
                        return null;
                    }
                }
                return new Plan(index.getName(), values.size(), () -> {
                    NavigableSet<Integer> found = new TreeSet<>();
                    for (Object v : values) {
                        index.getPositions(new Document(key, v)).forEach(found::add);
                    }
                    return found;
                });
            }
            return null;
        }

        /** The values a query field asks equality with (one, or those of an $in), or null when it asks anything else. */
        private static List<Object> equalities(Object condition) {
            if (plain(condition)) {
                return List.of(condition);
            }
            if (condition instanceof Document d && d.size() == 1 && d.get("$in") instanceof Collection<?> in
                    && in.stream().allMatch(IndexedCollection::plain)) {
                return List.copyOf(in);
            }
            return null;
        }

        /** A scalar whose equality is equality of its normalised value (no null, array, document or regex). */
        private static boolean plain(Object v) {
            return v instanceof String || v instanceof Boolean || v instanceof ObjectId || v instanceof UUID
                    || v instanceof Instant || v instanceof Date || v instanceof Integer
                    || v instanceof Long l && Math.abs(l) < EXACT_DOUBLE
                    || v instanceof Double d && Math.abs(d) < EXACT_DOUBLE;
        }
    }
}
