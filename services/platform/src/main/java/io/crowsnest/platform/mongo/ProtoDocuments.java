package io.crowsnest.platform.mongo;

import org.bson.Document;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * Contract messages kept in MongoDB as their proto3 JSON (readable in the database, stable across
 * field additions), next to the top-level fields that queries and indexes use.
 */
public final class ProtoDocuments {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private ProtoDocuments() {
    }

    public static Document toDocument(Message message) {
        try {
            return Document.parse(PRINTER.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot store " + message.getDescriptorForType().getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static <T extends Message> T fromDocument(Document document, Message.Builder builder) {
        try {
            PARSER.merge(document.toJson(), builder);
            return (T) builder.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored " + builder.getDescriptorForType().getName() + " is unreadable", e);
        }
    }
}
