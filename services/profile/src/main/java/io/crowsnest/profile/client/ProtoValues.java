package io.crowsnest.profile.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.platform.json.JsonValues;

/**
 * Contract messages as the plain Java values the domain and stores use (String, Double, Boolean,
 * List, Map; null for JSON null), through their proto3 JSON form, and back. A single
 * google.protobuf.Value is read and written by the platform's {@link JsonValues#PLAIN}, profile's
 * rule for JSON values everywhere (scoring's ObserveAttributes in ScoringClient, api/'s mapping).
 */
public final class ProtoValues {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private ProtoValues() {
    }

    /** A contract message as a plain value, in its proto3 JSON form (e.g. a product as an object). */
    public static Object plain(Message message) {
        return JsonValues.PLAIN.plain(parse(print(message), Value.newBuilder()).build());
    }

    /** A plain value read back into a contract message. */
    public static <B extends Message.Builder> B message(Object plain, B builder) {
        return parse(print(JsonValues.PLAIN.value(plain)), builder);
    }

    public static String print(Message message) {
        try {
            return JSON.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
        }
    }

    private static <B extends Message.Builder> B parse(String json, B builder) {
        try {
            PARSER.merge(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored value is not a " + builder.getDescriptorForType().getName(), e);
        }
    }
}
