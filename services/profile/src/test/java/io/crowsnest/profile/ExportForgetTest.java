package io.crowsnest.profile;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static io.crowsnest.profile.Profiles.assertError;
import static io.crowsnest.profile.Profiles.assertInvalid;
import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.id;
import static io.crowsnest.profile.Profiles.pageView;
import static io.crowsnest.profile.Profiles.person;
import static io.crowsnest.profile.Profiles.string;
import static io.crowsnest.profile.Profiles.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.ExportProfileRequest;
import io.crowsnest.profile.v1.ExportProfileResponse;
import io.crowsnest.profile.v1.ForgetPersonRequest;
import io.crowsnest.profile.v1.ForgetPersonResponse;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

/** ExportProfile and ForgetPerson through real gRPC, checked in the document and in the store. */
@QuarkusTest
class ExportForgetTest extends ThroughGrpc {

    String email;
    Identifier cookie;
    String personId;
    List<String> eventIds;

    @BeforeEach
    void aPersonWithEverything() {
        email = unique("export.") + "@example.com";
        cookie = cookie();
        RecordEventRequest first = pageView(cookie, id("email", email))
                .setOccurredAt(Timestamps.of(Instant.now().minusSeconds(60))).build();
        RecordEventRequest second = pageView(cookie).build();
        personId = profiles.stub.recordEvent(first).getPersonId();
        profiles.stub.recordEvent(second);
        eventIds = List.of(first.getEventId(), second.getEventId());
        profiles.stub.updateAttributes(UpdateAttributesRequest.newBuilder().setPerson(person(personId))
                .setAttributes(Attributes.newBuilder().setGivenName("Jane")).addPaths("given_name")
                .setSource("crm-import").setIdempotencyKey(unique("k-")).build());
        profiles.stub.recordAnswer(RecordAnswerRequest.newBuilder().setPerson(person(personId))
                .setQuestionId("contact-frequency").setAnswer(string("weekly"))
                .setAnsweredAt(Timestamps.of(Instant.now())).setChannel(Channel.CHANNEL_PHONE).setSource("gateway")
                .setIdempotencyKey(unique("k-")).build());
    }

    @Test
    void anExportHoldsEveryStoredFactAsJsonAndIsAudited() throws Exception {
        ExportProfileResponse export = profiles.stub.exportProfile(ExportProfileRequest.newBuilder()
                .setPerson(person(cookie)).setRequestingSystem("privacy-desk").build());
        assertEquals(personId, export.getPersonId());
        assertEquals("application/json", export.getContentType());
        assertEquals("crowsnest.profile.export.v1", export.getSchemaVersion());
        String json = export.getDocument().toString(StandardCharsets.UTF_8);
        Struct document = parse(json);
        assertEquals(Set.of("schemaVersion", "personId", "mergedPersonIds", "identifiers", "attributes",
                "attributeProvenance", "attributeHistory", "products", "relationships", "lifetimeValue", "firstSeenAt",
                "lastSeenAt", "channelSummaries", "answers", "events", "generatedAt"), document.getFieldsMap().keySet());
        assertEquals(eventIds, document.getFieldsOrThrow("events").getListValue().getValuesList().stream()
                .map(e -> e.getStructValue().getFieldsOrThrow("eventId").getStringValue()).toList(), "oldest first");
        assertEquals("Jane", document.getFieldsOrThrow("attributes").getStructValue().getFieldsOrThrow("givenName")
                .getStringValue());
        assertEquals(1, document.getFieldsOrThrow("attributeHistory").getListValue().getValuesCount());
        assertEquals(1, document.getFieldsOrThrow("answers").getListValue().getValuesCount());
        assertEquals(2, document.getFieldsOrThrow("identifiers").getListValue().getValuesCount());
        assertFalse(json.contains(email), "identifiers are masked");
        assertTrue(database.getCollection("access_audit").find(and(eq("personId", personId), eq("action", "EXPORT"),
                eq("requestingSystem", "privacy-desk"))).first() != null);

        assertInvalid(() -> profiles.stub.exportProfile(ExportProfileRequest.newBuilder().setPerson(person(personId))
                .build()), "", "requesting_system");
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.stub.exportProfile(ExportProfileRequest
                .newBuilder().setPerson(person(unique("nobody-"))).setRequestingSystem("privacy-desk").build()));
    }

    @Test
    void forgettingErasesEveryFactAndPendingOutboxEntryAndIsRecognisedAfterwards() {
        scoring.failWith(Status.UNAVAILABLE);
        RecordEventRequest pending = pageView(cookie).build();
        profiles.stub.recordEvent(pending);
        assertTrue(stored.inOutbox(pending.getEventId()));

        ForgetPersonRequest forget = forget(personId);
        ForgetPersonResponse erased = profiles.stub.forgetPerson(forget);
        assertEquals(List.of(personId), erased.getForgottenPersonIdsList());
        assertEquals(3, erased.getEventsErasedCount());
        assertEquals(1, erased.getAnswersErasedCount());
        assertEquals(1, erased.getAttributeChangesErasedCount());
        assertFalse(erased.getAlreadyForgotten());
        assertFalse(stored.inOutbox(pending.getEventId()));
        assertTrue(eventIds.stream().noneMatch(stored::hasEvent));
        assertEquals(0, stored.historyOf(personId));
        assertEquals(Set.of("_id", "forgottenAt"), stored.person(personId).keySet(), "only a tombstone remains");

        assertEquals(erased, profiles.stub.forgetPerson(forget), "a retry replays");
        ForgetPersonResponse again = profiles.stub.forgetPerson(forget(personId));
        assertTrue(again.getAlreadyForgotten());
        assertEquals(erased.getForgottenAt(), again.getForgottenAt());
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.profile(personId));
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.stub.listEvents(ListEventsRequest
                .newBuilder().setPerson(person(personId)).build()));

        // identity still links the cookie to the erased id (only profile forgot): new events are refused, not kept
        RecordEventRequest late = pageView(cookie).build();
        assertError(Status.Code.FAILED_PRECONDITION, "PERSON_FORGOTTEN", () -> profiles.stub.recordEvent(late));
        assertFalse(stored.hasEvent(late.getEventId()));
        assertFalse(stored.inOutbox(late.getEventId()));
        assertEquals(Set.of("_id", "forgottenAt"), stored.person(personId).keySet());
    }

    @Test
    void anErasureKeepsTheAccessAuditUnderAPseudonymNotThePersonId() {
        profiles.stub.exportProfile(ExportProfileRequest.newBuilder().setPerson(person(personId))
                .setRequestingSystem("privacy-desk").build());
        var audit = database.getCollection("access_audit");
        Document export = audit.find(and(eq("personId", personId), eq("action", "EXPORT"))).first();
        assertTrue(export != null, "the export is audited under the person id");

        profiles.stub.forgetPerson(forget(personId));

        assertEquals(0, audit.countDocuments(eq("personId", personId)), "no audit record names the erased person");
        String pseudonym = audit.find(eq("_id", export.get("_id"))).first().getString("personId");
        assertTrue(pseudonym.startsWith("erased-"), pseudonym);
        assertEquals(List.of("EXPORT", "FORGET:GDPR_ERASURE"), audit.find(eq("personId", pseudonym))
                .map(d -> d.getString("action")).into(new ArrayList<>()).stream().sorted().toList(),
                "the export and the erasure stay audited, under one pseudonym");
    }

    @Test
    void forgettingAPersonOnlyIdentityKnowsWorksAndAnUnknownIdIsNotFound() {
        String known = profiles.identity.resolvePerson(ResolvePersonRequest.newBuilder().addIdentifiers(cookie())
                .setRequestingSystem("profile-test").setIdempotencyKey(unique("k")).build()).getPersonId();
        ForgetPersonResponse erased = profiles.stub.forgetPerson(forget(known));
        assertEquals(List.of(known), erased.getForgottenPersonIdsList());
        assertEquals(0, erased.getEventsErasedCount());
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.stub.forgetPerson(
                forget(unique("never-issued-"))));
        assertInvalid(() -> profiles.stub.forgetPerson(forget(personId).toBuilder().setReason(Reason.newBuilder()
                .setMessage("no code")).build()), "", "reason.code");
        assertInvalid(() -> profiles.stub.forgetPerson(forget("").toBuilder().build()), "", "person_id");
    }

    @Test
    void aRetryWithAKeyUsedBeforeTheErasureAnswersNothingOfTheErasedPerson() {
        RecordAnswerRequest answer = RecordAnswerRequest.newBuilder().setPerson(person(personId))
                .setQuestionId("contact-frequency").setAnswer(string("monthly"))
                .setAnsweredAt(Timestamps.of(Instant.now())).setChannel(Channel.CHANNEL_PHONE).setSource("gateway")
                .setIdempotencyKey(unique("k-")).build();
        UpdateAttributesRequest update = UpdateAttributesRequest.newBuilder().setPerson(person(personId))
                .setAttributes(Attributes.newBuilder().setGivenName("Janet")).addPaths("given_name")
                .setSource("crm-import").setIdempotencyKey(unique("k-")).build();
        assertEquals(personId, profiles.stub.recordAnswer(answer).getPersonId());
        assertEquals(personId, profiles.stub.updateAttributes(update).getPersonId());
        assertTrue(database.getCollection("idempotency").countDocuments(eq("persons", personId)) >= 4,
                "the answers kept for retries name the person (the two above and the set-up's)");

        profiles.stub.forgetPerson(forget(personId));

        for (Document kept : database.getCollection("idempotency").find(eq("persons", personId))) {
            assertTrue(kept.getString("_id").startsWith("ForgetPerson:"),
                    "only the erasure's own record (its proof, replayed to a retried erasure) is kept: " + kept);
        }
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.stub.recordAnswer(answer));
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.stub.updateAttributes(update));
    }

    private static ForgetPersonRequest forget(String personId) {
        return ForgetPersonRequest.newBuilder().setPersonId(personId).setReason(Reason.newBuilder()
                .setCode("GDPR_ERASURE").setMessage("request #4711")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(unique("forget-")).build();
    }

    private static Struct parse(String json) throws Exception {
        Struct.Builder document = Struct.newBuilder();
        JsonFormat.parser().merge(json, document);
        return document.build();
    }
}
