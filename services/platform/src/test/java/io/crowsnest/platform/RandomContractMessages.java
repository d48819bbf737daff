package io.crowsnest.platform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;

/**
 * Random instances of every message type of the contracts, for the tests that check a converter
 * against protobuf's JSON printer and parser: most fields set, with the awkward values (unsigned
 * integers past 2^31, NaN and infinities, unknown enum numbers, quotes, escapes and non-ASCII
 * text, timestamps and durations of every precision).
 */
public final class RandomContractMessages {

    private RandomContractMessages() {
    }

    /** A random message of the prototype's generated class (its nested messages generated classes too). */
    public static Message randomOf(Message prototype, SplittableRandom r) {
        try {
            return prototype.getParserForType()
                    .parseFrom(randomMessage(prototype.getDescriptorForType(), r, 0).toByteString());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every message type of the contracts (and of what they import), by walking the files. */
    public static List<Descriptor> contractMessages() {
        Map<String, FileDescriptor> files = new LinkedHashMap<>();
        for (FileDescriptor root : List.of(io.crowsnest.identity.v1.IdentityServiceOuterClass.getDescriptor(),
                io.crowsnest.profile.v1.ProfileServiceOuterClass.getDescriptor(),
                io.crowsnest.scoring.v1.ScoringServiceOuterClass.getDescriptor(),
                io.crowsnest.decisioning.v1.DecisioningServiceOuterClass.getDescriptor(),
                io.crowsnest.contactgovernance.v1.ContactGovernanceServiceOuterClass.getDescriptor(),
                io.crowsnest.contactgovernance.v1.PolicyOuterClass.getDescriptor(),
                io.crowsnest.alertnotification.v1.AlertNotificationServiceOuterClass.getDescriptor())) {
            walk(root, files);
        }
        List<Descriptor> out = new ArrayList<>();
        for (FileDescriptor file : files.values()) {
            if (file.getPackage().startsWith("crowsnest.")) {
                for (Descriptor d : file.getMessageTypes()) {
                    collect(d, out);
                }
            }
        }
        return out;
    }

    private static void walk(FileDescriptor file, Map<String, FileDescriptor> files) {
        if (files.putIfAbsent(file.getName(), file) == null) {
            file.getDependencies().forEach(d -> walk(d, files));
        }
    }

    private static void collect(Descriptor d, List<Descriptor> out) {
        if (d.getOptions().getMapEntry()) {
            return;
        }
        out.add(d);
        d.getNestedTypes().forEach(n -> collect(n, out));
    }

    // ---- random messages

    public static Message randomMessage(Descriptor type, SplittableRandom r, int depth) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        switch (type.getFullName()) {
            case "google.protobuf.Timestamp" -> {
                b.setField(type.findFieldByName("seconds"), r.nextLong(-62135596800L, 253402300799L));
                b.setField(type.findFieldByName("nanos"), nanos(r));
                return b.build();
            }
            case "google.protobuf.Duration" -> {
                long seconds = r.nextLong(-315576000000L, 315576000000L);
                int nanos = nanos(r);
                b.setField(type.findFieldByName("seconds"), seconds);
                b.setField(type.findFieldByName("nanos"), seconds < 0 ? -nanos : nanos);
                return b.build();
            }
            case "google.protobuf.Value" -> {
                return value(type, r, depth);
            }
            case "google.protobuf.Any", "google.protobuf.FieldMask" -> {
                return b.build();
            }
            default -> {
            }
        }
        for (FieldDescriptor f : type.getFields()) {
            if (r.nextInt(10) < 3) {
                continue;
            }
            if (f.getType() == FieldDescriptor.Type.MESSAGE && depth >= 3 && !f.getMessageType().getFullName()
                    .startsWith("google.protobuf.")) {
                continue;
            }
            if (f.isMapField()) {
                // distinct keys: a map holds one value per key
                java.util.Set<Object> keys = new java.util.HashSet<>();
                FieldDescriptor key = f.getMessageType().findFieldByName("key");
                for (int i = r.nextInt(4); i > 0; i--) {
                    Message entry = (Message) randomValue(f, r, depth);
                    if (keys.add(entry.getField(key))) {
                        b.addRepeatedField(f, entry);
                    }
                }
            } else if (f.isRepeated()) {
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.addRepeatedField(f, randomValue(f, r, depth));
                }
            } else {
                b.setField(f, randomValue(f, r, depth));
            }
        }
        return b.build();
    }

    private static Message value(Descriptor type, SplittableRandom r, int depth) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        int kind = depth >= 3 ? r.nextInt(4) : r.nextInt(6);
        switch (kind) {
            case 0 -> b.setField(type.findFieldByName("null_value"),
                    type.findFieldByName("null_value").getEnumType().findValueByNumber(0));
            case 1 -> b.setField(type.findFieldByName("number_value"), r.nextBoolean() ? 3.0 : r.nextDouble(-1e6, 1e6));
            case 2 -> b.setField(type.findFieldByName("string_value"), randomString(r));
            case 3 -> b.setField(type.findFieldByName("bool_value"), r.nextBoolean());
            case 4 -> {
                FieldDescriptor struct = type.findFieldByName("struct_value");
                DynamicMessage.Builder s = DynamicMessage.newBuilder(struct.getMessageType());
                FieldDescriptor fields = struct.getMessageType().findFieldByName("fields");
                for (int i = r.nextInt(3); i > 0; i--) {
                    DynamicMessage.Builder e = DynamicMessage.newBuilder(fields.getMessageType());
                    e.setField(fields.getMessageType().findFieldByName("key"), "k" + i);
                    e.setField(fields.getMessageType().findFieldByName("value"), value(type, r, depth + 1));
                    s.addRepeatedField(fields, e.build());
                }
                b.setField(struct, s.build());
            }
            default -> {
                FieldDescriptor list = type.findFieldByName("list_value");
                DynamicMessage.Builder l = DynamicMessage.newBuilder(list.getMessageType());
                FieldDescriptor values = list.getMessageType().findFieldByName("values");
                for (int i = r.nextInt(3); i > 0; i--) {
                    l.addRepeatedField(values, value(type, r, depth + 1));
                }
                b.setField(list, l.build());
            }
        }
        return b.build();
    }

    private static int nanos(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1000;
            default -> r.nextInt(1_000_000_000);
        };
    }

    private static Object randomValue(FieldDescriptor f, SplittableRandom r, int depth) {
        if (f.isMapField()) {
            Descriptor entry = f.getMessageType();
            DynamicMessage.Builder e = DynamicMessage.newBuilder(entry);
            e.setField(entry.findFieldByName("key"), randomValue(entry.findFieldByName("key"), r, depth));
            e.setField(entry.findFieldByName("value"), randomValue(entry.findFieldByName("value"), r, depth));
            return e.build();
        }
        return switch (f.getType()) {
            case INT32, SINT32, SFIXED32 -> switch (r.nextInt(4)) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                default -> r.nextInt(-100_000, 100_000);
            };
            case UINT32, FIXED32 -> r.nextBoolean() ? -r.nextInt(1, 1000) : r.nextInt(0, 100_000);
            case INT64, SINT64, SFIXED64 -> r.nextBoolean() ? r.nextLong() : r.nextLong(-1000, 1000);
            case UINT64, FIXED64 -> r.nextLong();
            case BOOL -> r.nextBoolean();
            case FLOAT -> switch (r.nextInt(8)) {
                case 0 -> Float.NaN;
                case 1 -> Float.POSITIVE_INFINITY;
                case 2 -> 0.5f;
                case 3 -> 1.0e10f;
                default -> (float) (r.nextDouble(-1000, 1000));
            };
            case DOUBLE -> randomDouble(r);
            case STRING -> randomString(r);
            case BYTES -> {
                byte[] bytes = new byte[r.nextInt(0, 12)];
                r.nextBytes(bytes);
                yield ByteString.copyFrom(bytes);
            }
            case ENUM -> {
                EnumDescriptor e = f.getEnumType();
                if (!e.isClosed() && r.nextInt(10) == 0) {
                    yield e.findValueByNumberCreatingIfUnknown(900 + r.nextInt(50));
                }
                yield e.getValues().get(r.nextInt(e.getValues().size()));
            }
            case MESSAGE, GROUP -> randomMessage(f.getMessageType(), r, depth + 1);
        };
    }

    private static double randomDouble(SplittableRandom r) {
        return switch (r.nextInt(9)) {
            case 0 -> Double.NaN;
            case 1 -> Double.NEGATIVE_INFINITY;
            case 2 -> -0.5;
            case 3 -> 1.0e20;
            case 4 -> 3.0;
            default -> r.nextDouble(-1e6, 1e6);
        };
    }

    private static String randomString(SplittableRandom r) {
        String[] parts = {"a", "Zoë", "\"quoted\"", "back\\slash", "line\nbreak", "€", "😀", " ", "a$b", "x.y",
            "<a href='x'>&amp;=</a>", "tab\tcontrol\u0001separator\u2028"};
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(0, 4); i > 0; i--) {
            s.append(parts[r.nextInt(parts.length)]);
        }
        return new String(s.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
