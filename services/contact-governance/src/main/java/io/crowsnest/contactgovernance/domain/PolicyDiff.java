package io.crowsnest.contactgovernance.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Field-level differences between two versions of a policy, for the audit trail: single values by
 * name, nested rules field by field, lists of rules matched by their id (rule_id, division_id,
 * level_id, or channel and purpose) so that a changed rule is one change per changed field and an
 * added or removed rule one change with the whole rule, other lists as whole lists. A first version
 * reports every field it sets, with "null" before.
 *
 * <p>The policy is read as the tree of its contract's fields ({@link Node}, in field-number order,
 * built by the gRPC adapter from the contract's message), so paths are the contract's field names
 * (e.g. "frequency_caps[rule_id=weekly].max_contacts") and values its JSON, as the audit keeps them.
 */
public final class PolicyDiff {

    /** A value that is absent, as the audit writes it. */
    public static final String NULL = "null";

    /** Fields identifying an element of a list of rules, tried in this order. */
    static final List<List<String>> KEYS = List.of(
            List.of("rule_id"), List.of("division_id"), List.of("level_id"), List.of("channel", "purpose"));

    private PolicyDiff() {
    }

    /**
     * A message of the policy: its fields in field-number order, and its JSON with fields at their
     * default left out.
     */
    public record Node(List<Field> fields, Supplier<String> json) {
    }

    /** One field of a message, by its contract name. */
    public sealed interface Field permits Scalar, Nested, Values, Elements {
        String name();
    }

    /**
     * A single value (text, number, enumeration): {@code present} when it is not its default,
     * {@code value} what is compared for equality, {@code key} its text in an element's key (an
     * enumeration's name), {@code json} its JSON, a default value included (e.g. "" when cleared).
     */
    public record Scalar(String name, boolean present, Object value, String key, Supplier<String> json)
            implements Field {
    }

    /** A nested message; {@code message} null when absent. */
    public record Nested(String name, Node message) implements Field {
    }

    /** A list of values, compared as one: {@code value} for equality, {@code json} the list ([] when empty). */
    public record Values(String name, Object value, int count, Supplier<String> json) implements Field {
    }

    /**
     * A list of messages: as a whole ({@code list}, for when its elements have no key or keys repeat),
     * its elements, and the names of the single values an element has (where its key is looked for).
     */
    public record Elements(Values list, List<Node> elements, List<String> elementValues) implements Field {
        @Override
        public String name() {
            return list.name();
        }
    }

    /** The changes from {@code before} (null for a first version) to {@code after}. */
    public static List<PolicyAuditEntry.Change> changes(Node before, Node after) {
        List<PolicyAuditEntry.Change> out = new ArrayList<>();
        diff("", before, after, out);
        return out;
    }

    /** Differences of two messages of the same type, fields paired by position; {@code before} null means absent. */
    private static void diff(String prefix, Node before, Node after, List<PolicyAuditEntry.Change> out) {
        for (int i = 0; i < after.fields().size(); i++) {
            Field now = after.fields().get(i);
            Field was = before == null ? null : before.fields().get(i);
            String path = prefix.isEmpty() ? now.name() : prefix + "." + now.name();
            if (now instanceof Elements e) {
                List<String> key = keyOf(e.elementValues());
                if (key == null || !keyedList(path, key, (Elements) was, e, out)) {
                    wholeList(path, was == null ? null : ((Elements) was).list(), e.list(), out);
                }
            } else if (now instanceof Values v) {
                wholeList(path, (Values) was, v, out);
            } else if (now instanceof Nested n) {
                Node had = was == null ? null : ((Nested) was).message();
                if (had != null && n.message() != null) {
                    diff(path, had, n.message(), out);
                } else if (had != null) {
                    out.add(change(path, had.json().get(), NULL));
                } else if (n.message() != null) {
                    out.add(change(path, NULL, n.message().json().get()));
                }
            } else {
                Scalar s = (Scalar) now;
                if (was == null) {
                    if (s.present()) {
                        out.add(change(path, NULL, s.json().get()));
                    }
                } else if (!Objects.equals(((Scalar) was).value(), s.value())) {
                    out.add(change(path, ((Scalar) was).json().get(), s.json().get()));
                }
            }
        }
    }

    /** A list compared as one value. */
    private static void wholeList(String path, Values before, Values after, List<PolicyAuditEntry.Change> out) {
        if (before == null) {
            if (after.count() > 0) {
                out.add(change(path, NULL, after.json().get()));
            }
        } else if (!Objects.equals(before.value(), after.value())) {
            out.add(change(path, before.json().get(), after.json().get()));
        }
    }

    /**
     * A list of messages whose elements are matched by key. Returns false (nothing added) when keys
     * repeat within either list, so that the caller compares whole lists instead.
     */
    private static boolean keyedList(String path, List<String> key, Elements before, Elements after,
            List<PolicyAuditEntry.Change> out) {
        Map<String, Node> old = before == null ? new LinkedHashMap<>() : byKey(key, before);
        Map<String, Node> now = byKey(key, after);
        if (old == null || now == null) {
            return false;
        }
        for (Map.Entry<String, Node> e : now.entrySet()) {
            String elementPath = path + "[" + e.getKey() + "]";
            Node was = old.get(e.getKey());
            if (was == null) {
                out.add(change(elementPath, NULL, e.getValue().json().get()));
            } else {
                diff(elementPath, was, e.getValue(), out);
            }
        }
        for (Map.Entry<String, Node> e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                out.add(change(path + "[" + e.getKey() + "]", e.getValue().json().get(), NULL));
            }
        }
        return true;
    }

    /** Elements by key text such as "rule_id=global-weekly", in list order; null on a repeated key. */
    private static Map<String, Node> byKey(List<String> key, Elements list) {
        Map<String, Node> map = new LinkedHashMap<>();
        for (Node element : list.elements()) {
            StringBuilder text = new StringBuilder();
            for (String name : key) {
                if (text.length() > 0) {
                    text.append(',');
                }
                text.append(name).append('=').append(keyText(element, name));
            }
            if (map.putIfAbsent(text.toString(), element) != null) {
                return null;
            }
        }
        return map;
    }

    private static String keyText(Node element, String name) {
        for (Field f : element.fields()) {
            if (f instanceof Scalar s && s.name().equals(name)) {
                return s.key();
            }
        }
        throw new IllegalArgumentException("an element has no single value " + name);
    }

    /** The key of an element with these single values, or null when it has none. */
    static List<String> keyOf(List<String> elementValues) {
        for (List<String> key : KEYS) {
            if (elementValues.containsAll(key)) {
                return key;
            }
        }
        return null;
    }

    private static PolicyAuditEntry.Change change(String path, String before, String after) {
        return new PolicyAuditEntry.Change(path, before, after);
    }
}
