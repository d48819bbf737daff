package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.event;
import static io.crowsnest.profile.Profiles.id;
import static io.crowsnest.profile.Profiles.pageView;
import static io.crowsnest.profile.Profiles.person;
import static io.crowsnest.profile.Profiles.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;


import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.ChannelSummary;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResponse;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

/** RecordEvent and what it does to the 360 view, through real gRPC against real identity and MongoDB. */
@QuarkusTest
class RecordEventTest extends ThroughGrpc {


    @Test
    void anEventResolvesItsIdentifiersAndShowsInTheProfile() {
        String email = unique("jane.") + "@example.com";
        Identifier cookie = cookie();
        Instant at = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        RecordEventRequest request = event(EventType.EVENT_TYPE_EMAIL_CLICK, Channel.CHANNEL_EMAIL, at, cookie,
                id("email", email)).putProperties("campaign_id", Profiles.string("spring")).build();
        RecordEventResponse recorded = profiles.stub.recordEvent(request);
        assertTrue(recorded.getPersonCreated());
        assertFalse(recorded.getDuplicate());
        assertTrue(stored.hasEvent(request.getEventId()));

        Profile profile = profiles.profile(recorded.getPersonId());
        assertEquals(recorded.getPersonId(), profile.getPersonId());
        assertEquals(Timestamps.of(at), profile.getFirstSeenAt());
        assertEquals(Timestamps.of(at), profile.getLastSeenAt());
        ChannelSummary email0 = profile.getChannelSummaries(0);
        assertEquals(Channel.CHANNEL_EMAIL, email0.getChannel());
        assertEquals(1, email0.getEventCount());
        assertEquals(1, email0.getEventCountLast30Days());
        assertEquals(EventType.EVENT_TYPE_EMAIL_CLICK, email0.getLastEventType());
        assertEquals(request.getEventId(), profile.getRecentEvents(0).getEventId());
        assertEquals(recorded.getPersonId(), profile.getRecentEvents(0).getPersonId());
        assertEquals(2, profile.getIdentifiersCount(), profile.toString());
        assertFalse(profile.toString().contains(email), "identifiers are masked: " + profile);
        assertTrue(profile.hasCreatedAt());

        Profile byCookie = profiles.stub.getProfile(GetProfileRequest.newBuilder().setPerson(person(cookie)).build())
                .getProfile();
        assertEquals(recorded.getPersonId(), byCookie.getPersonId());

        Profile lean = profiles.stub.getProfile(GetProfileRequest.newBuilder().setPerson(person(cookie))
                .setOmitIdentifiers(true).setOmitRecentEvents(true).build()).getProfile();
        assertEquals(0, lean.getIdentifiersCount(), lean.toString());
        assertEquals(0, lean.getRecentEventsCount(), lean.toString());
        assertEquals(profile.getChannelSummariesList(), lean.getChannelSummariesList());
    }

    @Test
    void aRetryIsADuplicateThatCountsOnceAndAReusedIdIsRefused() {
        Identifier cookie = cookie();
        RecordEventRequest request = pageView(cookie).build();
        RecordEventResponse first = profiles.stub.recordEvent(request);
        RecordEventResponse again = profiles.stub.recordEvent(request);
        assertTrue(again.getDuplicate());
        assertFalse(again.getPersonCreated());
        assertEquals(first.getPersonId(), again.getPersonId());
        assertEquals(first.getReceivedAt(), again.getReceivedAt());
        assertEquals(1, profiles.profile(first.getPersonId()).getChannelSummaries(0).getEventCount());

        Profiles.assertError(Status.Code.ALREADY_EXISTS, "EVENT_ID_REUSED", () -> profiles.stub.recordEvent(
                request.toBuilder().putProperties("title", Profiles.string("another page")).build()));
        Profiles.assertError(Status.Code.ALREADY_EXISTS, "EVENT_ID_REUSED", () -> profiles.stub.recordEvent(
                request.toBuilder().clearIdentifiers().addIdentifiers(cookie()).build()));
        assertEquals(1, profiles.profile(first.getPersonId()).getChannelSummaries(0).getEventCount());
    }

    @Test
    void purchasesAddUpPerCurrencyAndLateEventsKeepTheLastInteraction() {
        Identifier crm = id("crm", unique("CRM-"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String personId = profiles.stub.recordEvent(purchase(crm, now.minusSeconds(30), "EUR", 1999)).getPersonId();
        profiles.stub.recordEvent(purchase(crm, now.minusSeconds(20), "EUR", -500));
        profiles.stub.recordEvent(purchase(crm, now.minusSeconds(10), "USD", 1000));
        profiles.stub.recordEvent(event(EventType.EVENT_TYPE_STORE_VISIT, Channel.CHANNEL_STORE,
                now.minus(40, ChronoUnit.DAYS), crm).build());

        Profile profile = profiles.profile(personId);
        assertEquals(List.of(money("EUR", 1499), money("USD", 1000)), profile.getLifetimeValueList());
        assertEquals(Timestamps.of(now.minus(40, ChronoUnit.DAYS)), profile.getFirstSeenAt());
        assertEquals(Timestamps.of(now.minusSeconds(10)), profile.getLastSeenAt());
        ChannelSummary store = profile.getChannelSummariesList().stream()
                .filter(c -> c.getChannel() == Channel.CHANNEL_STORE).findFirst().orElseThrow();
        assertEquals(1, store.getEventCount());
        assertEquals(0, store.getEventCountLast30Days());
        ChannelSummary web = profile.getChannelSummariesList().stream()
                .filter(c -> c.getChannel() == Channel.CHANNEL_WEB).findFirst().orElseThrow();
        assertEquals(3, web.getEventCount());
        assertEquals(Timestamps.of(now.minusSeconds(10)), web.getLastInteractionAt());
        assertEquals(Timestamps.of(now.minusSeconds(30)), web.getFirstInteractionAt());

        profiles.stub.recordEvent(pageViewAt(crm, now.minusSeconds(100)));
        ChannelSummary late = profiles.profile(personId).getChannelSummariesList().stream()
                .filter(c -> c.getChannel() == Channel.CHANNEL_WEB).findFirst().orElseThrow();
        assertEquals(4, late.getEventCount());
        assertEquals(Timestamps.of(now.minusSeconds(10)), late.getLastInteractionAt());
        assertEquals(EventType.EVENT_TYPE_PURCHASE, late.getLastEventType());
    }

    @Test
    void aPersonKnownOnlyToIdentityHasAnEmptyProfile() {
        String personId = profiles.identity.resolvePerson(ResolvePersonRequest.newBuilder().addIdentifiers(cookie())
                .setRequestingSystem("profile-test").setIdempotencyKey(unique("k")).build()).getPersonId();
        Profile profile = profiles.profile(personId);
        assertEquals(personId, profile.getPersonId());
        assertEquals(1, profile.getIdentifiersCount());
        assertEquals(0, profile.getRecentEventsCount());
        assertFalse(profile.hasCreatedAt());
        assertFalse(profile.hasFirstSeenAt());
    }

    private static RecordEventRequest purchase(Identifier who, Instant at, String currency, long minor) {
        return event(EventType.EVENT_TYPE_PURCHASE, Channel.CHANNEL_WEB, at, who)
                .setAmount(money(currency, minor)).build();
    }

    private static RecordEventRequest pageViewAt(Identifier who, Instant at) {
        return pageView(who).setOccurredAt(Timestamps.of(at)).build();
    }

    private static Money money(String currency, long minor) {
        return Money.newBuilder().setCurrencyCode(currency).setAmountMinor(minor).build();
    }
}
