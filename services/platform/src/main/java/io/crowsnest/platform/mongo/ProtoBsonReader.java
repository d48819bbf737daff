package io.crowsnest.platform.mongo;

import static io.crowsnest.platform.mongo.ProtoBson.DURATION;
import static io.crowsnest.platform.mongo.ProtoBson.LIST_VALUE;
import static io.crowsnest.platform.mongo.ProtoBson.NULL_VALUE;
import static io.crowsnest.platform.mongo.ProtoBson.STRUCT;
import static io.crowsnest.platform.mongo.ProtoBson.TIMESTAMP;
import static io.crowsnest.platform.mongo.ProtoBson.VALUE;
import static io.crowsnest.platform.mongo.ProtoBson.WRAPPERS;

import java.math.BigDecimal;
import java.math.BigInteger;
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

import io.crowsnest.platform.mongo.ProtoBson.Unsupported;

/** {@link ProtoBson}'s way from a document to a message, as the proto3 JSON parser reads it. */
final class ProtoBsonReader {

    /** Fields by the names the JSON parser accepts: the proto name and the JSON (lowerCamel) name. */
    private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS = new ConcurrentHashMap<>();

    private ProtoBsonReader() {
    }

    static void merge(Document doc, Message.Builder builder) {
        Map<String, FieldDescriptor> fields = FIELDS.computeIfAbsent(builder.getDescriptorForType(), ProtoBsonReader::byName);
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
                    if (ProtoBson.wellKnown(f.getMessageType())) {
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
