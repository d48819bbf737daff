package io.crowsnest.profile.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;

import io.crowsnest.profile.domain.Fact;

/**
 * Facts and plain values as stored. A value is kept as JSON text: custom attribute values may be
 * objects with any keys, which MongoDB field names could not all hold.
 */
final class FactDocs {

    private FactDocs() {
    }

    static Document document(Fact fact) {
        return new Document("json", json(fact.value())).append("o", Mongo.date(fact.observedAt()))
                .append("r", Mongo.date(fact.recordedAt())).append("s", fact.source()).append("a", fact.agentId());
    }

    static Fact fact(Document doc) {
        return new Fact(value(doc.getString("json")), Mongo.instant(doc.getDate("o")),
                Mongo.instant(doc.getDate("r")), doc.getString("s"), doc.getString("a"));
    }

    /** A map of facts stored under encoded keys (see Mongo.key), decoded, in key order. */
    static Map<String, Fact> facts(Document map) {
        Map<String, Fact> facts = new TreeMap<>();
        if (map != null) {
            map.forEach((key, doc) -> facts.put(Mongo.unkey(key), fact((Document) doc)));
        }
        return facts;
    }

    static String json(Object value) {
        return new Document("v", value).toJson();
    }

    static Object value(String json) {
        return plain(Document.parse(json).get("v"));
    }

    /** Documents become LinkedHashMaps and lists ArrayLists, so that values compare by content. */
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put((String) k, plain(v)));
            return plain;
        }
        if (value instanceof List<?> list) {
            List<Object> plain = new ArrayList<>();
            list.forEach(v -> plain.add(plain(v)));
            return plain;
        }
        return value;
    }
}
