package io.crowsnest.platform.json;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;

/**
 * A contract message's proto3 JSON text with the .proto field names and no whitespace, character
 * for character what protobuf's {@code JsonFormat} printer (with {@code preservingProtoFieldNames}
 * and {@code omittingInsignificantWhitespace}) gives, in a fraction of its time: written straight
 * into one buffer, where the printer escapes every string through a JSON writer of its own. What
 * this writer does not cover (an {@code Any} or a {@code FieldMask}, a {@code Value} of NaN or
 * without a kind, a timestamp out of range) the printer prints.
 */
public final class ProtoJsonText {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final List<String> WRAPPERS = List.of("google.protobuf.DoubleValue",
            "google.protobuf.FloatValue", "google.protobuf.Int64Value", "google.protobuf.UInt64Value",
            "google.protobuf.Int32Value", "google.protobuf.UInt32Value", "google.protobuf.BoolValue",
            "google.protobuf.StringValue", "google.protobuf.BytesValue");
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** How each message type met so far is written. */
    private static final Map<Descriptor, Form> FORMS = new ConcurrentHashMap<>();

    /** Left to the printer. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    private ProtoJsonText() {
    }

    /** The message (or the builder's message as it stands) as proto3 JSON text. */
    public static String print(MessageOrBuilder message) throws InvalidProtocolBufferException {
        Message m = message instanceof Message whole ? whole : ((Message.Builder) message).buildPartial();
        String text = direct(m);
        return text != null ? text : PRINTER.print(m);
    }

    /** The text written here, or null when the message holds something left to the printer. */
    static String direct(Message m) {
        StringBuilder out = new StringBuilder(256);
        try {
            message(m, out);
            return out.toString();
        } catch (Unsupported e) {
            return null;
        }
    }

    /** How a message type is written: field by field, or in a well-known type's form. */
    private enum Form {
        FIELDS, TIMESTAMP, DURATION, STRUCT, LIST_VALUE, VALUE, WRAPPER, PRINTERS
    }

    private static Form form(Descriptor d) {
        String type = d.getFullName();
        if (!type.startsWith("google.protobuf.") || d.getFile().getName().equals("google/protobuf/descriptor.proto")) {
            return Form.FIELDS;
        }
        return switch (type) {
            case "google.protobuf.Timestamp" -> Form.TIMESTAMP;
            case "google.protobuf.Duration" -> Form.DURATION;
            case "google.protobuf.Struct" -> Form.STRUCT;
            case "google.protobuf.ListValue" -> Form.LIST_VALUE;
            case "google.protobuf.Value" -> Form.VALUE;
            default -> WRAPPERS.contains(type) ? Form.WRAPPER : Form.PRINTERS; // Any, FieldMask, Empty...
        };
    }

    private static void message(Message m, StringBuilder out) {
        // the generated classes of the types most printed, without reflection
        if (m instanceof Timestamp t) {
            timestamp(t.getSeconds(), t.getNanos(), out);
            return;
        }
        if (m instanceof Struct struct) {
            struct(struct, out);
            return;
        }
        if (m instanceof Value value) {
            value(value, out);
            return;
        }
        Descriptor d = m.getDescriptorForType();
        Form form = FORMS.computeIfAbsent(d, ProtoJsonText::form);
        if (form == Form.FIELDS) {
            fields(m, out);
        } else {
            wellKnown(m, d, form, out);
        }
    }

    private static void fields(Message m, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            FieldDescriptor f = e.getKey();
            out.append('"').append(f.getName()).append("\":");
            if (f.isMapField()) {
                map(f, (List<?>) e.getValue(), out);
            } else if (f.isRepeated()) {
                out.append('[');
                boolean firstElement = true;
                for (Object element : (List<?>) e.getValue()) {
                    if (!firstElement) {
                        out.append(',');
                    }
                    firstElement = false;
                    single(f, element, out);
                }
                out.append(']');
            } else {
                single(f, e.getValue(), out);
            }
        }
        out.append('}');
    }

    private static void map(FieldDescriptor f, List<?> entries, StringBuilder out) {
        Descriptor entry = f.getMessageType();
        FieldDescriptor key = entry.findFieldByName("key");
        FieldDescriptor value = entry.findFieldByName("value");
        out.append('{');
        boolean first = true;
        for (Object o : entries) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Message m = (Message) o;
            Object k = m.getField(key);
            switch (key.getType()) {
                case STRING -> string((String) k, out);
                case UINT32, FIXED32 -> out.append('"').append(Integer.toUnsignedString((Integer) k)).append('"');
                case UINT64, FIXED64 -> out.append('"').append(Long.toUnsignedString((Long) k)).append('"');
                default -> out.append('"').append(k).append('"');
            }
            out.append(':');
            single(value, m.getField(value), out);
        }
        out.append('}');
    }

    private static void single(FieldDescriptor f, Object value, StringBuilder out) {
        switch (f.getType()) {
            case INT32, SINT32, SFIXED32, BOOL -> out.append(value);
            case UINT32, FIXED32 -> out.append(Integer.toUnsignedString((Integer) value));
            case INT64, SINT64, SFIXED64 -> out.append('"').append(value).append('"');
            case UINT64, FIXED64 -> out.append('"').append(Long.toUnsignedString((Long) value)).append('"');
            case FLOAT -> floating(Float.isNaN((Float) value) || Float.isInfinite((Float) value), value, out);
            case DOUBLE -> floating(Double.isNaN((Double) value) || Double.isInfinite((Double) value), value, out);
            case STRING -> string((String) value, out);
            case BYTES -> out.append('"').append(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()))
                    .append('"');
            case ENUM -> {
                EnumValueDescriptor v = (EnumValueDescriptor) value;
                if (v.getType().getFullName().equals("google.protobuf.NullValue")) {
                    out.append("null");
                } else if (v.getIndex() == -1) {
                    out.append(v.getNumber()); // a number this version has no name for
                } else {
                    out.append('"').append(v.getName()).append('"');
                }
            }
            case MESSAGE, GROUP -> message((Message) value, out);
        }
    }

    /** NaN and the infinities as strings ("NaN", "Infinity", "-Infinity"), any other value as a number. */
    private static void floating(boolean special, Object value, StringBuilder out) {
        if (special) {
            out.append('"').append(value).append('"');
        } else {
            out.append(value);
        }
    }

    private static void wellKnown(Message m, Descriptor d, Form form, StringBuilder out) {
        switch (form) {
            case TIMESTAMP -> timestamp((Long) m.getField(d.findFieldByName("seconds")),
                    (Integer) m.getField(d.findFieldByName("nanos")), out);
            case DURATION -> {
                try {
                    out.append('"').append(Durations.toString(com.google.protobuf.Duration.newBuilder()
                            .setSeconds((Long) m.getField(d.findFieldByName("seconds")))
                            .setNanos((Integer) m.getField(d.findFieldByName("nanos"))).build())).append('"');
                } catch (IllegalArgumentException e) {
                    throw new Unsupported("invalid duration");
                }
            }
            case STRUCT -> map(d.findFieldByName("fields"), (List<?>) m.getField(d.findFieldByName("fields")), out);
            case LIST_VALUE -> {
                out.append('[');
                boolean first = true;
                for (Object v : (List<?>) m.getField(d.findFieldByName("values"))) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    value((Message) v, out);
                }
                out.append(']');
            }
            case VALUE -> value(m, out);
            case WRAPPER -> {
                FieldDescriptor f = d.findFieldByName("value");
                single(f, m.getField(f), out);
            }
            default -> throw new Unsupported(d.getFullName());
        }
    }

    /**
     * A timestamp in RFC 3339 form, UTC, as {@code Timestamps.toString} writes it: 0, 3, 6 or 9
     * digits of fraction; one outside 0001-01-01 to 9999-12-31 is left to the printer (which refuses it).
     */
    private static void timestamp(long seconds, int nanos, StringBuilder out) {
        if (seconds < -62_135_596_800L || seconds > 253_402_300_799L || nanos < 0 || nanos > 999_999_999) {
            throw new Unsupported("invalid timestamp");
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        out.append('"');
        digits(t.getYear(), 4, out);
        out.append('-');
        digits(t.getMonthValue(), 2, out);
        out.append('-');
        digits(t.getDayOfMonth(), 2, out);
        out.append('T');
        digits(t.getHour(), 2, out);
        out.append(':');
        digits(t.getMinute(), 2, out);
        out.append(':');
        digits(t.getSecond(), 2, out);
        if (nanos != 0) {
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(nanos / 1_000_000, 3, out);
            } else if (nanos % 1_000 == 0) {
                digits(nanos / 1_000, 6, out);
            } else {
                digits(nanos, 9, out);
            }
        }
        out.append("Z\"");
    }

    private static void digits(int value, int width, StringBuilder out) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        out.append(text);
    }

    private static void struct(Struct struct, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Value> e : struct.getFieldsMap().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(e.getKey(), out);
            out.append(':');
            value(e.getValue(), out);
        }
        out.append('}');
    }

    private static void value(Value v, StringBuilder out) {
        switch (v.getKindCase()) {
            case NULL_VALUE -> out.append("null");
            case NUMBER_VALUE -> {
                double number = v.getNumberValue();
                if (Double.isNaN(number) || Double.isInfinite(number)) {
                    throw new Unsupported("a Value of NaN or an infinity");
                }
                out.append(number);
            }
            case STRING_VALUE -> string(v.getStringValue(), out);
            case BOOL_VALUE -> out.append(v.getBoolValue());
            case STRUCT_VALUE -> struct(v.getStructValue(), out);
            case LIST_VALUE -> {
                out.append('[');
                boolean first = true;
                for (Value element : v.getListValue().getValuesList()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    value(element, out);
                }
                out.append(']');
            }
            default -> throw new Unsupported("a Value without a kind");
        }
    }

    private static void value(Message v, StringBuilder out) {
        FieldDescriptor kind = v.getOneofFieldDescriptor(v.getDescriptorForType().getOneofs().get(0));
        if (kind == null) {
            throw new Unsupported("a Value without a kind");
        }
        Object x = v.getField(kind);
        if (x instanceof Double number && (number.isNaN() || number.isInfinite())) {
            throw new Unsupported("a Value of NaN or an infinity");
        }
        single(kind, x, out);
    }

    /**
     * A JSON string as the printer escapes it: quote, backslash and the control characters, the
     * HTML-sensitive {@code < > & = '} and the line and paragraph separators as a backslash, a
     * {@code u} and four lower-case hex digits, or as their short escapes; everything else as it is.
     */
    static void string(String s, StringBuilder out) {
        out.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String shortEscape = null;
            boolean escape;
            if (c < 0x20) {
                escape = true;
                shortEscape = switch (c) {
                    case '\t' -> "\\t";
                    case '\b' -> "\\b";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\f' -> "\\f";
                    default -> null;
                };
            } else {
                escape = switch (c) {
                    case '"', '\\', '<', '>', '&', '=', '\'', '\u2028', '\u2029' -> true;
                    default -> false;
                };
                if (c == '"') {
                    shortEscape = "\\\"";
                } else if (c == '\\') {
                    shortEscape = "\\\\";
                }
            }
            if (escape) {
                out.append(s, from, i);
                if (shortEscape != null) {
                    out.append(shortEscape);
                } else {
                    out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                            .append(HEX[c & 0xf]);
                }
                from = i + 1;
            }
        }
        out.append(s, from, s.length()).append('"');
    }
}
