package io.crowsnest.platform.mongo;

import java.util.List;

import org.bson.Document;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;

/**
 * Converts a contract message straight to and from the document its proto3 JSON (proto field
 * names, defaults omitted) parses to, without the JSON text in between: the same document,
 * field by field and value by value ({@code Document.parse} of the JSON gives Int32 for a 32-bit
 * integer that fits, Int64 beyond, Double for a float or double, strings for 64-bit integers,
 * timestamps, durations, bytes in base64 and enum names). Messages it does not cover (an
 * {@code Any}, a {@code FieldMask}, a value it cannot tell apart) are refused with
 * {@link Unsupported}, and {@link ProtoDocuments} then takes the JSON way, so what is stored and
 * read never differs from the JSON form. The two directions are {@link ProtoBsonWriter} and
 * {@link ProtoBsonReader}.
 */
final class ProtoBson {

    /** This converter does not cover the message or the document; the JSON way does. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    static final String TIMESTAMP = "google.protobuf.Timestamp";
    static final String DURATION = "google.protobuf.Duration";
    static final String STRUCT = "google.protobuf.Struct";
    static final String VALUE = "google.protobuf.Value";
    static final String LIST_VALUE = "google.protobuf.ListValue";
    static final String NULL_VALUE = "google.protobuf.NullValue";
    static final List<String> WRAPPERS = List.of("google.protobuf.DoubleValue", "google.protobuf.FloatValue",
            "google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
            "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
            "google.protobuf.BytesValue");

    private ProtoBson() {
    }

    /** The message's document (what {@code Document.parse} of its proto3 JSON gives). */
    static Document toDocument(Message message) {
        return ProtoBsonWriter.document(message);
    }

    /** Merges the document into the builder as the proto3 JSON parser would (unknown fields ignored). */
    static void merge(Document doc, Message.Builder builder) {
        ProtoBsonReader.merge(doc, builder);
    }

    /** A google.protobuf type other than those of descriptor.proto: JSON has a form of its own for it. */
    static boolean wellKnown(Descriptor type) {
        return type.getFullName().startsWith("google.protobuf.")
                && !type.getFile().getName().equals("google/protobuf/descriptor.proto");
    }
}
