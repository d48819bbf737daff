package io.crowsnest.faults;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;

/**
 * Generates malformed requests for any message type from its descriptor: fields filled with hostile
 * values (empty, huge, control characters, injection strings, extreme numbers, unknown enum
 * numbers, invalid timestamps, long repeated lists), the bytes of such a message cut short, and
 * plain garbage. Deterministic for a seed, so a failure can be replayed.
 */
final class MessageFuzzer {

    /** What kind of request was generated. */
    enum Kind {
        HOSTILE_FIELDS, TRUNCATED, GARBAGE
    }

    record Generated(Kind kind, byte[] bytes) {
    }

    private static final List<String> STRINGS = List.of("", " ", "\t\n", "\u0000", "a\u0000b", "😀👩‍👩‍👧",
            "\uD800", "../../etc/passwd", "${jndi:ldap://127.0.0.1/x}", "' OR '1'='1", "{\"$gt\": \"\"}", "$where",
            "<script>alert(1)</script>", "-1", "NaN", "2026-13-45T25:61:61Z", "+1 (555) 010-9999", "a@b",
            "not an email@", "Europe/Nowhere", "p-00000000-0000-0000-0000-000000000000", "CHANNEL_EMAIL", "*",
            "person.score > ", "size(", "a.b.c", "%s%n%x", "\u202Etxt.exe");

    private static final long[] LONGS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
            253402300800L, -62135596801L, 86_400_000L};

    private static final double[] DOUBLES = {0, -0.0, 1e308, -1e308, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 0.5, -1};

    private final Random random;

    MessageFuzzer(long seed) {
        this.random = new Random(seed);
    }

    Generated next(Descriptor type) {
        int roll = random.nextInt(100);
        if (roll < 70) {
            return new Generated(Kind.HOSTILE_FIELDS, message(type, 0).toByteArray());
        }
        if (roll < 90) {
            byte[] whole = message(type, 0).toByteArray();
            if (whole.length < 2) {
                whole = new byte[] {0x0a, 0x05, 'a', 'b'};
            }
            return new Generated(Kind.TRUNCATED, Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)));
        }
        byte[] garbage = new byte[1 + random.nextInt(200)];
        random.nextBytes(garbage);
        return new Generated(Kind.GARBAGE, garbage);
    }

    /** A message of the type with hostile field values, as the HOSTILE_FIELDS requests carry (e.g. to print as JSON). */
    DynamicMessage hostile(Descriptor type) {
        return message(type, 0);
    }

    /** A message of the type with one string field (the first found) so large that no server takes it. */
    static byte[] oversized(Descriptor type, int bytes) {
        char[] filler = new char[bytes];
        Arrays.fill(filler, 'x');
        String huge = new String(filler);
        DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.STRING && !field.isRepeated()) {
                message.setField(field, huge);
                return message.build().toByteArray();
            }
        }
        // no string field: an unknown field (number 1000) carrying the bytes
        return com.google.protobuf.UnknownFieldSet.newBuilder()
                .addField(1000, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8(huge)).build())
                .build().toByteArray();
    }

    private DynamicMessage message(Descriptor type, int depth) {
        DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (random.nextInt(100) < 35) {
                continue;
            }
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= 4) {
                continue;
            }
            if (field.isRepeated()) {
                int count = random.nextInt(50) == 0 ? 1000 + random.nextInt(2000) : random.nextInt(4);
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && count > 50) {
                    count = 50;
                }
                for (int i = 0; i < count; i++) {
                    message.addRepeatedField(field, value(field, depth));
                }
            } else {
                message.setField(field, value(field, depth));
            }
        }
        return message.build();
    }

    private Object value(FieldDescriptor field, int depth) {
        return switch (field.getJavaType()) {
            case STRING -> string();
            case INT -> (int) LONGS[random.nextInt(LONGS.length)];
            case LONG -> LONGS[random.nextInt(LONGS.length)];
            case DOUBLE -> DOUBLES[random.nextInt(DOUBLES.length)];
            case FLOAT -> (float) DOUBLES[random.nextInt(DOUBLES.length)];
            case BOOLEAN -> random.nextBoolean();
            case BYTE_STRING -> {
                byte[] b = new byte[random.nextInt(64)];
                random.nextBytes(b);
                yield ByteString.copyFrom(b);
            }
            case ENUM -> enumValue(field.getEnumType());
            case MESSAGE -> message(field.getMessageType(), depth + 1);
        };
    }

    private Object enumValue(EnumDescriptor type) {
        if (random.nextInt(4) == 0) {
            return type.findValueByNumberCreatingIfUnknown(900 + random.nextInt(100));
        }
        return type.getValues().get(random.nextInt(type.getValues().size()));
    }

    private String string() {
        int roll = random.nextInt(100);
        if (roll < 55) {
            return STRINGS.get(random.nextInt(STRINGS.size()));
        }
        if (roll < 65) {
            return "x".repeat(1_000 + random.nextInt(200_000));
        }
        StringBuilder s = new StringBuilder();
        int length = 1 + random.nextInt(40);
        for (int i = 0; i < length; i++) {
            s.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x3000) : 'a' + random.nextInt(26)));
        }
        return s.toString();
    }
}
