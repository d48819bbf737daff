package io.crowsnest.localstack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A secondary (non-unique) index of the in-memory stand-in, which mongo-java-server itself accepts
 * and ignores: the positions of the documents by the values of each prefix of the index's keys
 * (the first key, the first two, ... all of them), as MongoDB uses an index's prefix for an
 * equality. Only
 * {@link IndexedMemoryDatabase}'s query planner reads it; the collection then still applies the
 * whole query to each document found, so the index narrows the candidates and never decides a
 * match. An array field gives one entry per element, as in MongoDB (two arrays in one compound
 * key are refused, as MongoDB refuses them). Kept in step with every insert, update and delete;
 * read only under the backend's read lock, changed only under its write lock.
 */
final class EqualityIndex extends Index<Integer> {

    /** Per prefix length - 1: extracts the prefix's values the way the library's indexes do (arrays too). */
    private final List<Index<Integer>> prefixes = new ArrayList<>();
    /** Per prefix length - 1: the positions by the prefix's values. */
    private final List<Map<KeyValue, NavigableSet<Integer>>> byPrefix = new ArrayList<>();
    private final Map<KeyValue, Integer> positionById = new HashMap<>();

    EqualityIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        for (int n = 1; n <= keys.size(); n++) {
            prefixes.add(new EmptyIndex<>(name, List.copyOf(keys.subList(0, n))));
            byPrefix.add(new HashMap<>());
        }
    }

    /** The index's keys, in order. */
    List<String> keyNames() {
        return getKeys().stream().map(IndexKey::getKey).toList();
    }

    /**
     * The documents that hold one of the values given for each key of a prefix of the index (one
     * list of values per key, first key first), looked up once.
     */
    Found find(List<List<Object>> valuesPerKey) {
        return new Found(sets(valuesPerKey));
    }

    /** The index's sets of positions for a query's values: counted without copying, copied on demand. */
    record Found(List<NavigableSet<Integer>> sets) {

        /**
         * At least as many as {@link #positions} holds (a document of an array field may be counted
         * under several values): what a query planner compares indexes by.
         */
        long estimate() {
            long n = 0;
            for (NavigableSet<Integer> at : sets) {
                n += at.size();
            }
            return n;
        }

        /** The positions, ascending, in a set of their own. */
        NavigableSet<Integer> positions() {
            if (sets.size() == 1) {
                return new TreeSet<>(sets.get(0));
            }
            NavigableSet<Integer> found = new TreeSet<>();
            sets.forEach(found::addAll);
            return found;
        }
    }

    private List<NavigableSet<Integer>> sets(List<List<Object>> valuesPerKey) {
        Map<KeyValue, NavigableSet<Integer>> map = byPrefix.get(valuesPerKey.size() - 1);
        List<NavigableSet<Integer>> out = new ArrayList<>();
        for (List<Object> combination : combinations(valuesPerKey)) {
            NavigableSet<Integer> at = map.get(new KeyValue(combination).normalized());
            if (at != null) {
                out.add(at);
            }
        }
        return out;
    }

    private static List<List<Object>> combinations(List<List<Object>> valuesPerKey) {
        List<List<Object>> out = List.of(List.of());
        for (List<Object> values : valuesPerKey) {
            List<List<Object>> longer = new ArrayList<>();
            for (List<Object> prefix : out) {
                for (Object v : values) {
                    List<Object> next = new ArrayList<>(prefix);
                    next.add(v);
                    longer.add(next);
                }
            }
            out = longer;
        }
        return out;
    }

    private static KeyValue id(Document document) {
        return new KeyValue(document.get("_id")).normalized();
    }

    @Override
    public Integer getPosition(Document document) {
        return null; // not unique: the collection's _id index tells a document's position
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Integer> collection) {
        getKeyValues(document); // refuses parallel arrays in a compound key before anything is stored
    }

    @Override
    public void add(Document document, Integer position, MongoCollection<Integer> collection) {
        for (int n = 0; n < prefixes.size(); n++) {
            link(byPrefix.get(n), prefixes.get(n).getKeyValues(document), position);
        }
        positionById.put(id(document), position);
    }

    @Override
    public Integer remove(Document document) {
        Integer position = positionById.remove(id(document));
        if (position != null) {
            unlink(document, position);
        }
        return position;
    }

    private static void link(Map<KeyValue, NavigableSet<Integer>> map, Set<KeyValue> values, Integer position) {
        for (KeyValue value : values) {
            map.computeIfAbsent(value, v -> new TreeSet<>()).add(position);
        }
    }

    private void unlink(Document document, Integer position) {
        for (int n = 0; n < prefixes.size(); n++) {
            unlink(byPrefix.get(n), prefixes.get(n).getKeyValues(document), position);
        }
    }

    private static void unlink(Map<KeyValue, NavigableSet<Integer>> map, Set<KeyValue> values, Integer position) {
        for (KeyValue value : values) {
            NavigableSet<Integer> at = map.get(value);
            if (at != null) {
                at.remove(position);
                if (at.isEmpty()) {
                    map.remove(value);
                }
            }
        }
    }

    @Override
    public boolean canHandle(Document query) {
        return false; // the library's own planner never picks it: IndexedMemoryDatabase's does
    }

    @Override
    public Iterable<Integer> getPositions(Document query) {
        // never asked (canHandle is false); if it were, every indexed document is a safe superset,
        // since the collection applies the whole query to each position given
        return new TreeSet<>(positionById.values());
    }

    @Override
    public long getCount() {
        return positionById.size();
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> collection) {
        checkAdd(newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Integer position,
            MongoCollection<Integer> collection) {
        unlink(oldDocument, position);
        positionById.remove(id(oldDocument));
        add(newDocument, position, collection);
    }

    @Override
    public void drop() {
        byPrefix.forEach(Map::clear);
        positionById.clear();
    }
}
