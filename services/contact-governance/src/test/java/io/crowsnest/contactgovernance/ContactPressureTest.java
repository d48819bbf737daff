package io.crowsnest.contactgovernance;

import static io.crowsnest.contactgovernance.Governance.division;
import static io.crowsnest.contactgovernance.Governance.error;
import static io.crowsnest.contactgovernance.Governance.fields;
import static io.crowsnest.contactgovernance.Governance.key;
import static io.crowsnest.contactgovernance.Governance.marketing;
import static io.crowsnest.contactgovernance.Governance.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.ContactPressure;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.GetContactPressureRequest;
import io.crowsnest.contactgovernance.v1.GetContactPressureResponse;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.platform.time.MovableClock;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Contact pressure over the real ledger (MongoDB) through the real gRPC API: contacts committed
 * from reservations and recorded as external contacts, counted by division and channel with the
 * distinct persons; held, released and expired reservations not counted; the window's edges; bad
 * windows refused.
 */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class ContactPressureTest {

    Governance g;
    @Inject
    MovableClock clock;

    @BeforeEach
    void connect() {
        g = new Governance();
    }

    @AfterEach
    void disconnect() {
        g.close();
        clock.reset();
    }

    private static Policy policy() {
        return Policy.newBuilder().setPolicyId("pressure").setDisplayName("Pressure").setDefaultTimeZone("UTC")
                .addDivisions(Division.newBuilder().setDivisionId("p-cards").setDisplayName("Cards").setPriority(1))
                .addDivisions(Division.newBuilder().setDivisionId("p-travel").setDisplayName("Travel").setPriority(2))
                .addDivisions(Division.newBuilder().setDivisionId("p-other").setDisplayName("Other").setPriority(3))
                .build();
    }

    private ReserveContactResponse reserve(String person, Channel channel, String division, long ttlSeconds) {
        ReserveContactResponse held = g.stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(marketing(person, channel, division)).setTtlSeconds(ttlSeconds)
                .setIdempotencyKey(key()).build());
        assertTrue(held.getGranted(), held.toString());
        return held;
    }

    private void reserveAndCommit(String person, Channel channel, String division) {
        String id = reserve(person, channel, division, 0).getReservationId();
        g.stub.commitReservation(CommitReservationRequest.newBuilder().setReservationId(id)
                .setIdempotencyKey(key()).build());
    }

    private GetContactPressureResponse pressure(Instant from, Instant until, String... divisions) {
        GetContactPressureRequest.Builder request = GetContactPressureRequest.newBuilder()
                .setWindow(TimeRange.newBuilder().setStart(ts(from)).setEnd(ts(until)));
        for (String d : divisions) {
            request.addDivisions(division(d));
        }
        return g.stub.getContactPressure(request.build());
    }

    private static ContactPressure row(String division, Channel channel, long contacts, long persons) {
        return ContactPressure.newBuilder().setDivision(division(division)).setChannel(channel).setContacts(contacts)
                .setPersons(persons).build();
    }

    @Test
    void committedAndExternalContactsAreCountedByDivisionAndChannelWithinTheWindow() {
        g.activate(policy());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(Duration.ofHours(1));
        Instant until = now.plus(Duration.ofHours(1));
        // committed through reservations by two divisions on two channels
        reserveAndCommit("pressure-1", Channel.CHANNEL_EMAIL, "p-cards");
        reserveAndCommit("pressure-1", Channel.CHANNEL_EMAIL, "p-cards");
        reserveAndCommit("pressure-2", Channel.CHANNEL_EMAIL, "p-cards");
        reserveAndCommit("pressure-1", Channel.CHANNEL_SMS, "p-travel");
        // recorded by another system: one at the window's start (in), one just before it (out)
        g.madeAt("pressure-3", Channel.CHANNEL_EMAIL, "p-travel", from);
        g.madeAt("pressure-4", Channel.CHANNEL_EMAIL, "p-travel", from.minusMillis(1));
        // reservations never committed: held for a day, released, expired
        reserve("pressure-5", Channel.CHANNEL_EMAIL, "p-cards", 86_400);
        String released = reserve("pressure-6", Channel.CHANNEL_SMS, "p-travel", 0).getReservationId();
        g.stub.releaseReservation(ReleaseReservationRequest.newBuilder().setReservationId(released)
                .setReason(Reason.newBuilder().setCode("SEND_CANCELLED")).setIdempotencyKey(key()).build());
        reserve("pressure-7", Channel.CHANNEL_SMS, "p-cards", 1);
        // two hours on: the window's end has passed; a contact just before it (in) and at it (out)
        clock.advance(Duration.ofHours(2));
        g.madeAt("pressure-8", Channel.CHANNEL_PUSH, "p-travel", until.minusMillis(1));
        g.madeAt("pressure-9", Channel.CHANNEL_PUSH, "p-travel", until);
        // another division, filtered out below
        g.madeAt("pressure-1", Channel.CHANNEL_EMAIL, "p-other", now);

        GetContactPressureResponse answer = pressure(from, until, "p-cards", "p-travel");
        assertEquals(List.of(row("p-cards", Channel.CHANNEL_EMAIL, 3, 2), row("p-travel", Channel.CHANNEL_EMAIL, 1, 1),
                row("p-travel", Channel.CHANNEL_SMS, 1, 1), row("p-travel", Channel.CHANNEL_PUSH, 1, 1)),
                answer.getPressureList());
        assertEquals(6, answer.getTotalContacts());
        assertEquals(4, answer.getTotalPersons(), "pressure-1 contacted in two rows counts once");
        assertEquals(ts(from), answer.getWindow().getStart());
        assertEquals(ts(until), answer.getWindow().getEnd());
        assertTrue(Math.abs(clock.instant().getEpochSecond() - answer.getReadAt().getSeconds()) <= 5,
                "read now, by the service's clock: " + answer.getReadAt());

        GetContactPressureResponse all = pressure(from, until);
        assertEquals(7, all.getTotalContacts(), "every division: p-other's contact too");
        assertEquals(4, all.getTotalPersons());
        GetContactPressureResponse sms = g.stub.getContactPressure(GetContactPressureRequest.newBuilder()
                .setWindow(TimeRange.newBuilder().setStart(ts(from)).setEnd(ts(until)))
                .addChannels(Channel.CHANNEL_SMS).addChannels(Channel.CHANNEL_PUSH).build());
        assertEquals(List.of(row("p-travel", Channel.CHANNEL_SMS, 1, 1), row("p-travel", Channel.CHANNEL_PUSH, 1, 1)),
                sms.getPressureList());
        assertEquals(2, sms.getTotalPersons());
        // the excluded edges are in the ledger, counted by the windows that hold them
        assertEquals(1, pressure(from.minusSeconds(1), from, "p-travel").getTotalContacts());
        assertEquals(1, pressure(until, until.plusSeconds(1), "p-travel").getTotalContacts());
        GetContactPressureResponse empty = pressure(until.plus(Duration.ofDays(1)), until.plus(Duration.ofDays(2)));
        assertEquals(List.of(), empty.getPressureList());
        assertEquals(0, empty.getTotalContacts());
        assertEquals(0, empty.getTotalPersons());
    }

    @Test
    void badWindowsAndFiltersAreRefusedWithTheFieldsNamed() {
        Instant now = clock.instant();
        var backwards = error(() -> pressure(now, now));
        assertEquals(Status.Code.INVALID_ARGUMENT, backwards.getStatus().getCode());
        assertEquals(List.of("window.end"), fields(backwards));
        assertEquals(List.of("window.end"), fields(error(() -> pressure(now, now.minusSeconds(1)))));
        assertEquals(List.of("window.end"), fields(error(() -> pressure(now.minus(Duration.ofDays(92)).minusSeconds(1),
                now))));
        assertEquals(0, pressure(now.minus(Duration.ofDays(92)), now, "p-none").getTotalContacts(),
                "92 days are allowed");
        assertEquals(List.of("window.start", "window.end"), fields(error(() -> g.stub.getContactPressure(
                GetContactPressureRequest.getDefaultInstance()))));
        assertEquals(List.of("window.end"), fields(error(() -> g.stub.getContactPressure(GetContactPressureRequest
                .newBuilder().setWindow(TimeRange.newBuilder().setStart(ts(now))).build()))));
        assertEquals(List.of("channels[1]", "divisions[0].id"), fields(error(() -> g.stub.getContactPressure(
                GetContactPressureRequest.newBuilder().setWindow(TimeRange.newBuilder().setStart(ts(now))
                        .setEnd(ts(now.plusSeconds(60)))).addChannels(Channel.CHANNEL_EMAIL)
                        .addChannels(Channel.CHANNEL_UNSPECIFIED).addDivisions(division("Not A Division")).build()))));
    }
}
