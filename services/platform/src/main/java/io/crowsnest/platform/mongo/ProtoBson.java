package io.crowsnest.platform.mongo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;

/**
 * Converts a contract message straight to and from the document its proto3 JSON (proto field
 * names, defaults omitted) parses to, without the JSON text in between: the same document,
 * field by field and value by value ({@code Document.parse} of the JSON gives Int32 for a 32-bit
 * integer that fits, Int64 beyond, Double for a float or double, strings for 64-bit integers,
 * timestamps, durations, bytes in base64 and enum names). Messages it does not cover (an
 * {@code Any}, a {@code FieldMask}, a value it cannot tell apart) are refused with
 * {@link Unsupported}, and {@link ProtoDocuments} then takes the JSON way, so what is stored and
 * read never differs from the JSON form.
 */
final class ProtoBson {

    /** This converter does not cover the message or the document; the JSON way does. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    private static final String TIMESTAMP = "google.protobuf.Timestamp";
    private static final String DURATION = "google.protobuf.Duration";
    private static final String STRUCT = "google.protobuf.Struct";
    private static final String VALUE = "google.protobuf.Value";
    private static final String LIST_VALUE = "google.protobuf.ListValue";
    private static final String NULL_VALUE = "google.protobuf.NullValue";
    private static final List<String> WRAPPERS = List.of("google.protobuf.DoubleValue", "google.protobuf.FloatValue",
            "google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
            "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
            "google.protobuf.BytesValue");

    /** Fields by the names the JSON parser accepts: the proto name and the JSON (lowerCamel) name. */
    private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS = new ConcurrentHashMap<>();

    private ProtoBson() {
    }

    // ---- message to document

    static Document toDocument(Message message) {
        Document doc = new Document();
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            Object value = e.getValue();
            if (f.isMapField()) {
                doc.put(f.getName(), map(f, (List<?>) value));
            } else if (f.isRepeated()) {
                List<Object> out = new ArrayList<>();
                for (Object element : (List<?>) value) {
                    out.add(single(f, element));
                }
                doc.put(f.getName(), out);
            } else {
                doc.put(f.getName(), single(f, value));
            }
        }
        return doc;
    }

    private static Document map(FieldDescriptor f, List<?> entries) {
        Descriptor entry = f.getMessageType();
        FieldDescriptor key = entry.findFieldByName("key");
        FieldDescriptor val = entry.findFieldByName("value");
        Document out = new Document();
        for (Object o : entries) {
            Message m = (Message) o;
            out.put(mapKey(key, m.getField(key)), single(val, m.getField(val)));
        }
        return out;
    }

    private static String mapKey(FieldDescriptor key, Object value) {
        return switch (key.getType()) {
            case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) value);
            case UINT64, FIXED64 -> Long.toUnsignedString((Long) value);
            default -> String.valueOf(value);
        };
    }

    private static Object single(FieldDescriptor f, Object value) {
        return switch (f.getType()) {
            case INT32, SINT32, SFIXED32 -> value;
            case UINT32, FIXED32 -> {
                long unsigned = Integer.toUnsignedLong((Integer) value);
                yield unsigned <= Integer.MAX_VALUE ? (Object) (int) unsigned : (Object) unsigned;
            }
            case INT64, SINT64, SFIXED64 -> String.valueOf(value);
            case UINT64, FIXED64 -> Long.toUnsignedString((Long) value);
            case BOOL, STRING -> value;
            case FLOAT -> floating(Float.isNaN((Float) value) || Float.isInfinite((Float) value), value.toString(),
                    () -> Double.parseDouble(value.toString()));
            case DOUBLE -> floating(Double.isNaN((Double) value) || Double.isInfinite((Double) value), value.toString(),
                    () -> (Double) value);
            case BYTES -> Base64.getEncoder().encodeToString(((ByteString) value).toByteArray());
            case ENUM -> {
                EnumValueDescriptor v = (EnumValueDescriptor) value;
                if (v.getType().getFullName().equals(NULL_VALUE)) {
                    yield null;
                }
                yield v.getIndex() == -1 ? (Object) v.getNumber() : v.getName();
            }
            case MESSAGE, GROUP -> message((Message) value);
        };
    }

    private static Object floating(boolean special, String text, java.util.function.Supplier<Double> number) {
        // NaN and the infinities are JSON strings; any other value a JSON number, which parses to a double
        return special ? text : number.get();
    }

    private static Object message(Message m) {
        Descriptor d = m.getDescriptorForType();
        String type = d.getFullName();
        switch (type) {
            case TIMESTAMP, DURATION:
                long seconds = (Long) m.getField(d.findFieldByName("seconds"));
                int nanos = (Integer) m.getField(d.findFieldByName("nanos"));
                try {
                    return type.equals(TIMESTAMP)
                            ? Timestamps.toString(com.google.protobuf.Timestamp.newBuilder().setSeconds(seconds)
                                    .setNanos(nanos).build())
                            : Durations.toString(com.google.protobuf.Duration.newBuilder().setSeconds(seconds)
                                    .setNanos(nanos).build());
                } catch (IllegalArgumentException e) {
                    throw new Unsupported("invalid " + type);
                }
            case STRUCT:
                return struct(m);
            case VALUE:
                return value(m);
            case LIST_VALUE:
                return list(m);
            default:
                if (WRAPPERS.contains(type)) {
                    FieldDescriptor f = d.findFieldByName("value");
                    return single(f, m.getField(f));
                }
                if (type.startsWith("google.protobuf.") && !d.getFile().getName()
                        .equals("google/protobuf/descriptor.proto")) {
                    throw new Unsupported(type); // Any, FieldMask, Empty...: the JSON way
                }
                return toDocument(m);
        }
    }

    /** A Struct: its fields map, in the map's order. */
    private static Document struct(Message s) {
        FieldDescriptor fields = s.getDescriptorForType().findFieldByName("fields");
        FieldDescriptor key = fields.getMessageType().findFieldByName("key");
        FieldDescriptor val = fields.getMessageType().findFieldByName("value");
        Document out = new Document();
        for (Object o : (List<?>) s.getField(fields)) {
            Message entry = (Message) o;
            out.put((String) entry.getField(key), value((Message) entry.getField(val)));
        }
        return out;
    }

    private static List<Object> list(Message l) {
        List<Object> out = new ArrayList<>();
        for (Object v : (List<?>) l.getField(l.getDescriptorForType().findFieldByName("values"))) {
            out.add(value((Message) v));
        }
        return out;
    }

    private static Object value(Message v) {
        FieldDescriptor kind = v.getOneofFieldDescriptor(v.getDescriptorForType().getOneofs().get(0));
        if (kind == null) {
            throw new Unsupported("a Value without a kind");
        }
        Object x = v.getField(kind);
        return switch (kind.getName()) {
            case "null_value" -> null;
            case "number_value" -> {
                if (Double.isNaN((Double) x) || Double.isInfinite((Double) x)) {
                    throw new Unsupported("a Value of NaN or an infinity"); // the JSON way refuses it
                }
                yield x;
            }
            case "string_value", "bool_value" -> x;
            case "struct_value" -> struct((Message) x);
            case "list_value" -> list((Message) x);
            default -> throw new Unsupported("Value kind " + kind.getName());
        };
    }

    // ---- document to message

    static void merge(Document doc, Message.Builder builder) {
        Map<String, FieldDescriptor> fields = FIELDS.computeIfAbsent(builder.getDescriptorForType(), ProtoBson::byName);
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            FieldDescriptor f = fields.get(e.getKey());
            Object value = e.getValue();
            if (f == null) {
                continue; // unknown fields are ignored, as the JSON parser is told to
            }
            if (value == null && !isValue(f)) {
                throw new Unsupported("null for " + f.getFullName());
            }
            if (f.getContainingOneof() != null && builder.hasOneof(f.getContainingOneof())) {
                throw new Unsupported("two members of oneof " + f.getContainingOneof().getName());
            }
            if (f.isMapField()) {
                if (!(value instanceof Document entries)) {
                    throw new Unsupported("map " + f.getFullName());
                }
                Descriptor entry = f.getMessageType();
                FieldDescriptor key = entry.findFieldByName("key");
                FieldDescriptor val = entry.findFieldByName("value");
                for (Map.Entry<String, Object> kv : entries.entrySet()) {
                    if (kv.getValue() == null && !isValue(val)) {
                        throw new Unsupported("null in map " + f.getFullName());
                    }
                    Message.Builder b = builder.newBuilderForField(f);
                    b.setField(key, parseMapKey(key, kv.getKey()));
                    b.setField(val, read(val, kv.getValue(), b));
                    builder.addRepeatedField(f, b.build());
                }
            } else if (f.isRepeated()) {
                if (!(value instanceof List<?> elements)) {
                    throw new Unsupported("repeated " + f.getFullName());
                }
                for (Object element : elements) {
                    if (element == null && !isValue(f)) {
                        throw new Unsupported("null in " + f.getFullName());
                    }
                    builder.addRepeatedField(f, read(f, element, builder));
                }
            } else {
                builder.setField(f, read(f, value, builder));
            }
        }
    }

    private static Map<String, FieldDescriptor> byName(Descriptor type) {
        Map<String, FieldDescriptor> out = new ConcurrentHashMap<>();
        for (FieldDescriptor f : type.getFields()) {
            out.put(f.getJsonName(), f);
            out.put(f.getName(), f);
        }
        return out;
    }

    private static Object parseMapKey(FieldDescriptor key, String text) {
        try {
            return switch (key.getType()) {
                case STRING -> text;
                case BOOL -> switch (text) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new Unsupported("bool key " + text);
                };
                case INT32, SINT32, SFIXED32 -> Integer.parseInt(text);
                case UINT32, FIXED32 -> Integer.parseUnsignedInt(text);
                case INT64, SINT64, SFIXED64 -> Long.parseLong(text);
                case UINT64, FIXED64 -> Long.parseUnsignedLong(text);
                default -> throw new Unsupported("map key " + key.getType());
            };
        } catch (NumberFormatException e) {
            throw new Unsupported("map key " + text);
        }
    }

    private static Object read(FieldDescriptor f, Object v, Message.Builder parent) {
        try {
            return switch (f.getType()) {
                case INT32, SINT32, SFIXED32 -> exact(v).intValueExact();
                case UINT32, FIXED32 -> {
                    long l = exact(v).longValueExact();
                    if (l < 0 || l > 0xFFFFFFFFL) {
                        throw new Unsupported("uint32 out of range");
                    }
                    yield (int) l;
                }
                case INT64, SINT64, SFIXED64 -> exact(v).longValueExact();
                case UINT64, FIXED64 -> {
                    BigInteger b = exact(v).toBigIntegerExact();
                    if (b.signum() < 0 || b.bitLength() > 64) {
                        throw new Unsupported("uint64 out of range");
                    }
                    yield b.longValue();
                }
                case BOOL -> {
                    if (!(v instanceof Boolean b)) {
                        throw new Unsupported("bool");
                    }
                    yield b;
                }
                case STRING -> {
                    if (!(v instanceof String s)) {
                        throw new Unsupported("string");
                    }
                    yield s;
                }
                case FLOAT -> {
                    double d = floating(v);
                    if (!Double.isNaN(d) && !Double.isInfinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                        throw new Unsupported("float out of range");
                    }
                    yield (float) d;
                }
                case DOUBLE -> floating(v);
                case BYTES -> {
                    if (!(v instanceof String s)) {
                        throw new Unsupported("bytes");
                    }
                    yield ByteString.copyFrom(Base64.getDecoder().decode(s));
                }
                case ENUM -> {
                    EnumValueDescriptor e;
                    if (v instanceof String name) {
                        e = f.getEnumType().findValueByName(name);
                    } else if (v instanceof Integer n && !f.getEnumType().isClosed()) {
                        e = f.getEnumType().findValueByNumberCreatingIfUnknown(n);
                    } else {
                        e = null;
                    }
                    if (e == null || f.getEnumType().getFullName().equals(NULL_VALUE)) {
                        throw new Unsupported("enum " + v);
                    }
                    yield e;
                }
                case MESSAGE, GROUP -> message(f, v, parent.newBuilderForField(f));
            };
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new Unsupported(f.getFullName() + ": " + e.getMessage());
        }
    }

    private static boolean isValue(FieldDescriptor f) {
        return f.getType() == FieldDescriptor.Type.MESSAGE && f.getMessageType().getFullName().equals(VALUE);
    }

    /** A google.protobuf.Value as the JSON parser reads one: null, a number (a double), text, a bool, an object, a list. */
    private static Message readValue(Descriptor value, Object v, Message.Builder b) {
        if (v == null) {
            FieldDescriptor f = value.findFieldByName("null_value");
            return b.setField(f, f.getEnumType().findValueByNumber(0)).build();
        }
        if (v instanceof Boolean x) {
            return b.setField(value.findFieldByName("bool_value"), x).build();
        }
        if (v instanceof String x) {
            return b.setField(value.findFieldByName("string_value"), x).build();
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Double) {
            return b.setField(value.findFieldByName("number_value"), floating(v)).build();
        }
        if (v instanceof Document d) {
            FieldDescriptor f = value.findFieldByName("struct_value");
            Message.Builder struct = b.newBuilderForField(f);
            readStruct(d, struct);
            return b.setField(f, struct.build()).build();
        }
        if (v instanceof List<?> l) {
            FieldDescriptor f = value.findFieldByName("list_value");
            Message.Builder list = b.newBuilderForField(f);
            readList(l, list);
            return b.setField(f, list.build()).build();
        }
        throw new Unsupported("a Value of " + v.getClass().getSimpleName());
    }

    private static void readStruct(Document d, Message.Builder struct) {
        FieldDescriptor fields = struct.getDescriptorForType().findFieldByName("fields");
        Descriptor entry = fields.getMessageType();
        FieldDescriptor val = entry.findFieldByName("value");
        for (Map.Entry<String, Object> e : d.entrySet()) {
            Message.Builder b = struct.newBuilderForField(fields);
            b.setField(entry.findFieldByName("key"), e.getKey());
            b.setField(val, readValue(val.getMessageType(), e.getValue(), b.newBuilderForField(val)));
            struct.addRepeatedField(fields, b.build());
        }
    }

    private static void readList(List<?> l, Message.Builder list) {
        FieldDescriptor values = list.getDescriptorForType().findFieldByName("values");
        for (Object o : l) {
            list.addRepeatedField(values, readValue(values.getMessageType(), o, list.newBuilderForField(values)));
        }
    }

    private static BigDecimal exact(Object v) {
        if (v instanceof Integer i) {
            return BigDecimal.valueOf(i);
        }
        if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            return new BigDecimal(d);
        }
        if (v instanceof String s) {
            return new BigDecimal(s);
        }
        throw new Unsupported("a number: " + v);
    }

    private static double floating(Object v) {
        if (v instanceof Double d) {
            return d == 0 ? 0.0 : d; // the JSON parser reads -0.0 as 0 (its decimal has no sign for zero)
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof String s) {
            return switch (s) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(s);
            };
        }
        throw new Unsupported("a floating-point number: " + v);
    }

    private static Message message(FieldDescriptor f, Object v, Message.Builder b) {
        String type = f.getMessageType().getFullName();
        try {
            switch (type) {
                case TIMESTAMP, DURATION:
                    if (!(v instanceof String s)) {
                        throw new Unsupported(type);
                    }
                    Message parsed = type.equals(TIMESTAMP) ? Timestamps.parse(s) : Durations.parse(s);
                    Descriptor d = parsed.getDescriptorForType();
                    return b.setField(f.getMessageType().findFieldByName("seconds"),
                            parsed.getField(d.findFieldByName("seconds")))
                            .setField(f.getMessageType().findFieldByName("nanos"),
                                    parsed.getField(d.findFieldByName("nanos"))).build();
                case VALUE:
                    return readValue(f.getMessageType(), v, b);
                case STRUCT:
                    if (!(v instanceof Document fields)) {
                        throw new Unsupported("struct");
                    }
                    readStruct(fields, b);
                    return b.build();
                case LIST_VALUE:
                    if (!(v instanceof List<?> l)) {
                        throw new Unsupported("list value");
                    }
                    readList(l, b);
                    return b.build();
                default:
                    if (WRAPPERS.contains(type)) {
                        FieldDescriptor value = f.getMessageType().findFieldByName("value");
                        b.setField(value, read(value, v, b));
                        return b.build();
                    }
                    if (type.startsWith("google.protobuf.") && !f.getMessageType().getFile().getName()
                            .equals("google/protobuf/descriptor.proto")) {
                        throw new Unsupported(type);
                    }
                    if (!(v instanceof Document doc)) {
                        throw new Unsupported("message " + type);
                    }
                    merge(doc, b);
                    return b.build();
            }
        } catch (java.text.ParseException e) {
            throw new Unsupported(type + ": " + e.getMessage());
        }
    }
}
