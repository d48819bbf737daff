package io.crowsnest.profile.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.domain.ProfileErrors.ExportTooLarge;
import io.crowsnest.profile.store.AuditStore;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.HistoryStore;
import io.crowsnest.profile.v1.ExportProfileResponse;
import io.crowsnest.profile.v1.Profile;

/**
 * ExportProfile: every fact profile holds about a person as one JSON document (data portability),
 * in the proto3 JSON mapping of the contract's messages. Each export is audited.
 */
@ApplicationScoped
public class ExportService {

    static final String SCHEMA = "crowsnest.profile.export.v1";
    static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final JsonFormat.Printer EVERY_FIELD = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
    /** Profile fields that are not part of the export: the export has every event, not recent ones. */
    private static final List<String> LEFT_OUT = List.of("recentEvents", "createdAt", "updatedAt");

    @Inject
    Persons persons;
    @Inject
    ProfileQueries profiles;
    @Inject
    HistoryStore history;
    @Inject
    EventStore events;
    @Inject
    AuditStore audit;
    @Inject
    Clock clock;

    /** The export of the person referred to, audited under the requesting system. */
    public ExportProfileResponse export(PersonRef person, String field, String requestingSystem) {
        Persons.Who who = persons.resolve(person, field);
        Instant now = clock.instant();
        Profile profile = profiles.profile(who, 0, true, now);

        Struct.Builder document = Struct.newBuilder().putFields("schemaVersion", text(SCHEMA));
        value(profile).getStructValue().getFieldsMap().forEach((key, value) -> {
            if (!LEFT_OUT.contains(key)) {
                document.putFields(key, value);
            }
        });
        for (String instant : List.of("firstSeenAt", "lastSeenAt")) {
            document.putFields(instant, document.getFieldsOrDefault(instant, nothing()));
        }
        ListValue.Builder changes = ListValue.newBuilder();
        history.page(who.members(), List.of(), null, null, null, Integer.MAX_VALUE)
                .forEach(e -> changes.addValues(value(HistoryQueries.change(e))));
        document.putFields("attributeHistory", Value.newBuilder().setListValue(changes).build());
        ListValue.Builder all = ListValue.newBuilder();
        events.all(who.members()).forEach(e -> all.addValues(value(ProfileMessages.event(e, who.root()))));
        document.putFields("events", Value.newBuilder().setListValue(all).build());
        document.putFields("generatedAt", text(com.google.protobuf.util.Timestamps.toString(Timestamps.of(now))));

        byte[] json = Values.print(document.build()).getBytes(StandardCharsets.UTF_8);
        if (json.length > MAX_BYTES) {
            throw new ExportTooLarge(json.length, MAX_BYTES);
        }
        audit.record(who.root(), "EXPORT", requestingSystem, now);
        return ExportProfileResponse.newBuilder().setPersonId(who.root()).setDocument(ByteString.copyFrom(json))
                .setContentType("application/json").setSchemaVersion(SCHEMA).setGeneratedAt(Timestamps.of(now)).build();
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
