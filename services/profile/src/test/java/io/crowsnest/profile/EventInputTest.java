package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.assertError;
import static io.crowsnest.profile.Profiles.assertInvalid;
import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.id;
import static io.crowsnest.profile.Profiles.number;
import static io.crowsnest.profile.Profiles.pageView;
import static io.crowsnest.profile.Profiles.person;
import static io.crowsnest.profile.Profiles.string;
import static io.crowsnest.profile.Profiles.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Bad input: each refused with the contract's code, field path and reason, and nothing written — no
 * event, no outbox entry, no person created or changed (checked in profile's store and identity).
 */
@QuarkusTest
class EventInputTest extends ThroughGrpc {

    Identifier known;
    String knownPerson;

    @BeforeEach
    void setUp() {
        known = cookie();
        knownPerson = profiles.stub.recordEvent(pageView(known).build()).getPersonId();
    }

    @Test
    void identifiersIdentityRefusesAreReportedAtTheirPathInTheEvent() {
        Identifier fresh = cookie();
        refused(b -> b.clearIdentifiers().addIdentifiers(fresh).addIdentifiers(id("email", "jane.example.com")),
                "IDENTIFIER_INVALID", "identifiers[1].value");
        refused(b -> b.clearIdentifiers().addIdentifiers(fresh).addIdentifiers(id("phone", "0612")),
                "IDENTIFIER_INVALID", "identifiers[1].value");
        refused(b -> b.clearIdentifiers().addIdentifiers(id("fax", "+33123456789")).addIdentifiers(fresh),
                "IDENTIFIER_TYPE_UNKNOWN", "identifiers[0].type");
        // identity wrote nothing either: the valid cookie of those requests is nobody's
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.stub.getProfile(
                GetProfileRequest.newBuilder().setPerson(person(fresh)).build()));
    }

    @Test
    void malformedEventsAreRefusedFieldByField() {
        refused(b -> b.clearIdentifiers(), "", "identifiers");
        refused(b -> b.setOccurredAt(Timestamps.of(Instant.now().plus(Duration.ofMinutes(30)))), "EVENT_IN_FUTURE",
                "occurred_at");
        refused(b -> b.setOccurredAt(Timestamps.of(Instant.now().minus(Duration.ofDays(400)))), "EVENT_TOO_OLD",
                "occurred_at");
        refused(b -> b.clearOccurredAt(), "", "occurred_at");
        refused(b -> b.setEventId(""), "", "event_id");
        refused(b -> b.setEventId("x".repeat(129)), "", "event_id");
        refused(b -> b.setType(EventType.EVENT_TYPE_UNSPECIFIED), "", "type");
        refused(b -> b.setChannel(Channel.CHANNEL_UNSPECIFIED), "", "channel");
        refused(b -> b.setType(EventType.EVENT_TYPE_CUSTOM), "", "custom_type");
        refused(b -> b.setCustomType("loan_simulation"), "", "custom_type");
        refused(b -> b.setSource("Web Analytics"), "", "source");
        refused(b -> b.setAgentId("agent 7"), "", "agent_id");
        refused(b -> b.setAmount(money("EUR", 100)), "", "amount");
        refused(b -> b.setType(EventType.EVENT_TYPE_PURCHASE).setAmount(money("EURO", 100)).clearProperties(), "",
                "amount.currency_code");
        refused(b -> b.setDivision(DivisionRef.newBuilder().setId("Cards!")), "",
                "division.id");
        refused(b -> {
            for (int i = 0; i < 20; i++) {
                b.addIdentifiers(cookie());
            }
            return b;
        }, "", "identifiers");
    }

    @Test
    void propertiesBreakingTheRulesAreRefusedAtTheirPath() {
        refused(b -> b.putProperties("page_depth", string("two")), "", "properties.page_depth");
        refused(b -> b.putProperties("url", string("/relative")), "", "properties.url");
        refused(b -> b.putProperties("Bad-Key", number(1)), "", "properties.Bad-Key");
        refused(b -> b.putProperties("note", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build()), "",
                "properties.note");
        refused(b -> b.putProperties("note", string("x".repeat(4097))), "", "properties.note");
        refused(b -> b.setType(EventType.EVENT_TYPE_CART_ADD).clearProperties()
                .putProperties("quantity", number(-1)), "", "properties.quantity");
        Value deep = number(1);
        for (int i = 0; i < 5; i++) {
            deep = Value.newBuilder().setListValue(ListValue.newBuilder().addValues(deep)).build();
        }
        Value tooDeep = deep;
        refused(b -> b.putProperties("nested", tooDeep), "", "properties.nested[0][0][0][0]");
        refused(b -> b.putAllProperties(manyProperties(63)), "", "properties");
    }

    @Test
    void anOversizedEventIsRefusedBeforeAnythingElse() {
        Struct.Builder big = Struct.newBuilder();
        for (int i = 0; i < 10; i++) {
            big.putFields("f" + i, string("y".repeat(4000)));
        }
        refused(b -> b.putProperties("blob", Value.newBuilder().setStructValue(big).build()), "EVENT_TOO_LARGE",
                "properties");
    }

    @Test
    void readsOfUnknownOrMalformedPersonsAreRefused() {
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.profile(unique("no-such-person-")));
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.stub.getProfile(GetProfileRequest
                .newBuilder().setPerson(person(id("crm", unique("CRM-")))).build()));
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.stub.listEvents(ListEventsRequest
                .newBuilder().setPerson(person(unique("no-such-person-"))).build()));
        assertInvalid(() -> profiles.stub.getProfile(GetProfileRequest.newBuilder()
                .setPerson(person(id("email", "nobody"))).build()), "IDENTIFIER_INVALID", "person.identifier.value");
        assertInvalid(() -> profiles.stub.getProfile(GetProfileRequest.newBuilder().build()), "", "person");
        assertInvalid(() -> profiles.stub.getProfile(GetProfileRequest.newBuilder().setPerson(person(knownPerson))
                .setRecentEventsLimit(101).build()), "", "recent_events_limit");
    }

    /** Sends a valid page view changed by the edit and asserts it is refused and left no trace. */
    private void refused(UnaryOperator<RecordEventRequest.Builder> edit, String reason, String field) {
        RecordEventRequest request = edit.apply(pageView(known)).build();
        Document before = stored.person(knownPerson);
        assertInvalid(() -> profiles.stub.recordEvent(request), reason, field);
        assertFalse(stored.hasEvent(request.getEventId()), field);
        assertFalse(stored.inOutbox(request.getEventId()), field);
        assertEquals(before, stored.person(knownPerson), field);
    }

    private static Map<String, Value> manyProperties(int n) {
        Map<String, Value> map = new HashMap<>();
        for (int i = 0; i < n; i++) {
            map.put("k" + i, number(i));
        }
        return map;
    }

    private static Money money(String currency, long minor) {
        return Money.newBuilder().setCurrencyCode(currency).setAmountMinor(minor).build();
    }
}
