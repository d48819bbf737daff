package io.crowsnest.profile.mapping;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.client.ProtoValues;
import io.crowsnest.profile.service.ExportService;

/**
 * The export document: one JSON object in the proto3 JSON mapping of the contract's messages — the
 * profile's fields (every key present, defaults included; not its recent events, creation and update
 * instants), every attribute change, every retained event, the schema version and when it was made.
 */
public final class ExportDocument {

    public static final String SCHEMA = "crowsnest.profile.export.v1";
    private static final JsonFormat.Printer EVERY_FIELD = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
    /** Profile fields that are not part of the export: the export has every event, not recent ones. */
    private static final List<String> LEFT_OUT = List.of("recentEvents", "createdAt", "updatedAt");

    private ExportDocument() {
    }

    /** The export as UTF-8 JSON. */
    public static byte[] render(ExportService.Export export) {
        Struct.Builder document = Struct.newBuilder().putFields("schemaVersion", text(SCHEMA));
        value(ProfileMapping.profile(export.profile())).getStructValue().getFieldsMap().forEach((key, value) -> {
            if (!LEFT_OUT.contains(key)) {
                document.putFields(key, value);
            }
        });
        for (String instant : List.of("firstSeenAt", "lastSeenAt")) {
            document.putFields(instant, document.getFieldsOrDefault(instant, nothing()));
        }
        ListValue.Builder changes = ListValue.newBuilder();
        export.changes().forEach(e -> changes.addValues(value(ProfileMapping.change(e))));
        document.putFields("attributeHistory", Value.newBuilder().setListValue(changes).build());
        ListValue.Builder all = ListValue.newBuilder();
        export.events().forEach(e -> all.addValues(value(ProfileMapping.event(e, export.personId()))));
        document.putFields("events", Value.newBuilder().setListValue(all).build());
        document.putFields("generatedAt",
                text(com.google.protobuf.util.Timestamps.toString(Timestamps.of(export.generatedAt()))));
        return ProtoValues.print(document.build()).getBytes(StandardCharsets.UTF_8);
    }

    /** A message as a JSON value, fields holding their default included, so that every key is present. */
    private static Value value(Message message) {
        try {
            Value.Builder value = Value.newBuilder();
            JsonFormat.parser().merge(EVERY_FIELD.print(message), value);
            return value.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot export " + message.getDescriptorForType().getName(), e);
        }
    }

    private static Value text(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Value nothing() {
        return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
}
