package io.crowsnest.platform.mongo;

import static io.crowsnest.platform.mongo.ProtoBson.DURATION;
import static io.crowsnest.platform.mongo.ProtoBson.LIST_VALUE;
import static io.crowsnest.platform.mongo.ProtoBson.NULL_VALUE;
import static io.crowsnest.platform.mongo.ProtoBson.STRUCT;
import static io.crowsnest.platform.mongo.ProtoBson.TIMESTAMP;
import static io.crowsnest.platform.mongo.ProtoBson.VALUE;
import static io.crowsnest.platform.mongo.ProtoBson.WRAPPERS;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;

import io.crowsnest.platform.mongo.ProtoBson.Unsupported;

/** {@link ProtoBson}'s way from a message to its document. */
final class ProtoBsonWriter {

    private ProtoBsonWriter() {
    }

    static Document document(Message message) {
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
                if (ProtoBson.wellKnown(d)) {
                    throw new Unsupported(type); // Any, FieldMask, Empty...: the JSON way
                }
                return document(m);
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
}
