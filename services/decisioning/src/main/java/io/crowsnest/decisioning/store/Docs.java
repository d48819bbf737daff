package io.crowsnest.decisioning.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bson.Document;

import io.crowsnest.decisioning.domain.Money;
import io.crowsnest.decisioning.domain.Reason;

/** Mapping of the small value records shared by the stores' documents. */
final class Docs {

    private Docs() {
    }

    static Date date(Instant at) {
        return at == null ? null : Date.from(at);
    }

    static Instant instant(Document d, String key) {
        Date date = d.getDate(key);
        return date == null ? null : date.toInstant();
    }

    static Document money(Money m) {
        return m == null ? null : new Document("currency", m.currency()).append("minor", m.amountMinor());
    }

    static Money money(Document d) {
        return d == null ? null : new Money(d.getString("currency"), d.get("minor", Number.class).longValue());
    }

    static Document reason(Reason r) {
        return r == null ? null
                : new Document("code", r.code()).append("message", r.message())
                        .append("figures", new Document(new LinkedHashMap<>(r.figures())));
    }

    static Reason reason(Document d) {
        if (d == null) {
            return null;
        }
        Map<String, String> figures = new LinkedHashMap<>();
        Document f = d.get("figures", Document.class);
        if (f != null) {
            f.forEach((k, v) -> figures.put(k, String.valueOf(v)));
        }
        return new Reason(d.getString("code"), d.getString("message"), figures);
    }

    static List<Document> reasons(List<Reason> reasons) {
        return reasons.stream().map(Docs::reason).toList();
    }

    static List<Reason> reasons(Document d, String key) {
        return list(d, key, Docs::reason);
    }

    static <T> List<T> list(Document d, String key, Function<Document, T> map) {
        List<Document> docs = d.getList(key, Document.class);
        List<T> out = new ArrayList<>();
        if (docs != null) {
            docs.forEach(doc -> out.add(map.apply(doc)));
        }
        return out;
    }

    static String string(Document d, String key) {
        String s = d.getString(key);
        return s == null ? "" : s;
    }
}
