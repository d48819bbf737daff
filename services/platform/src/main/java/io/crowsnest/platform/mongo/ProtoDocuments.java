package io.crowsnest.platform.mongo;

import org.bson.Document;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * Contract messages kept in MongoDB as their proto3 JSON (readable in the database, stable across
 * field additions), next to the top-level fields that queries and indexes use. The document is
 * made and read straight from the message ({@link ProtoBson}: the same document the JSON text
 * parses to, without the text, which cost the stores about 40 % of their CPU); a message or
 * document that converter does not cover takes the JSON way.
 */
public final class ProtoDocuments {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private ProtoDocuments() {
    }

    public static Document toDocument(Message message) {
        try {
            return ProtoBson.toDocument(message);
        } catch (ProtoBson.Unsupported e) {
            return throughJson(message);
        }
    }

    /** The document of the message's proto3 JSON text: the form {@link #toDocument} gives. */
    static Document throughJson(Message message) {
        try {
            return Document.parse(PRINTER.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot store " + message.getDescriptorForType().getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static <T extends Message> T fromDocument(Document document, Message.Builder builder) {
        Message.Builder direct = builder.clone();
        try {
            ProtoBson.merge(document, direct);
            return (T) direct.build();
        } catch (ProtoBson.Unsupported e) {
            return throughJson(document, builder);
        }
    }

    /** The message the JSON parser reads from the document's JSON text: what {@link #fromDocument} gives. */
    @SuppressWarnings("unchecked")
    static <T extends Message> T throughJson(Document document, Message.Builder builder) {
        try {
            PARSER.merge(document.toJson(), builder);
            return (T) builder.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored " + builder.getDescriptorForType().getName() + " is unreadable", e);
        }
    }
}
