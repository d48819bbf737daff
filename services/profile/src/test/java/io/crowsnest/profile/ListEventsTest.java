package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.assertInvalid;
import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.event;
import static io.crowsnest.profile.Profiles.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ListEventsResponse;
import io.quarkus.test.junit.QuarkusTest;

/** ListEvents: newest first, paged with tokens bound to their filter, filtered by time, type and channel. */
@QuarkusTest
class ListEventsTest extends ThroughGrpc {

    String personId;
    List<String> newestFirst = new ArrayList<>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void recordFive() {
        Identifier cookie = cookie();
        record(cookie, EventType.EVENT_TYPE_SEARCH, Channel.CHANNEL_WEB, 50, "");
        record(cookie, EventType.EVENT_TYPE_CUSTOM, Channel.CHANNEL_MOBILE_APP, 40, "loan_simulation");
        record(cookie, EventType.EVENT_TYPE_CUSTOM, Channel.CHANNEL_MOBILE_APP, 30, "video_play");
        record(cookie, EventType.EVENT_TYPE_STORE_VISIT, Channel.CHANNEL_STORE, 20, "");
        record(cookie, EventType.EVENT_TYPE_SEARCH, Channel.CHANNEL_WEB, 10, "");
    }

    @Test
    void pagesWalkTheEventsNewestFirst() {
        List<String> seen = new ArrayList<>();
        ListEventsRequest request = request().setPage(PageRequest.newBuilder().setPageSize(2)).build();
        List<Integer> sizes = new ArrayList<>();
        while (true) {
            ListEventsResponse page = profiles.stub.listEvents(request);
            assertEquals(personId, page.getPersonId());
            sizes.add(page.getEventsCount());
            page.getEventsList().forEach(e -> seen.add(e.getEventId()));
            if (page.getPage().getNextPageToken().isEmpty()) {
                break;
            }
            request = request.toBuilder().setPage(request.getPage().toBuilder()
                    .setPageToken(page.getPage().getNextPageToken())).build();
        }
        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(newestFirst, seen);
    }

    @Test
    void filtersSelectByTimeTypeChannelAndCustomType() {
        assertEquals(List.of(newestFirst.get(0), newestFirst.get(4)), ids(request()
                .addTypes(EventType.EVENT_TYPE_SEARCH)));
        assertEquals(List.of(newestFirst.get(1)), ids(request().addChannels(Channel.CHANNEL_STORE)));
        assertEquals(List.of(newestFirst.get(3)), ids(request().addTypes(EventType.EVENT_TYPE_CUSTOM)
                .addCustomTypes("loan_simulation")));
        assertEquals(List.of(newestFirst.get(0), newestFirst.get(1), newestFirst.get(3), newestFirst.get(4)),
                ids(request().addCustomTypes("loan_simulation")));
        assertEquals(List.of(newestFirst.get(1), newestFirst.get(2)), ids(request().setOccurred(TimeRange.newBuilder()
                .setStart(Timestamps.of(now.minusSeconds(30))).setEnd(Timestamps.of(now.minusSeconds(10))))));
    }

    @Test
    void badFiltersAndForeignTokensAreRefused() {
        assertInvalid(() -> profiles.stub.listEvents(request().setOccurred(TimeRange.newBuilder()
                .setStart(Timestamps.of(now)).setEnd(Timestamps.of(now.minusSeconds(1)))).build()), "", "occurred.end");
        assertInvalid(() -> profiles.stub.listEvents(request().addTypes(EventType.EVENT_TYPE_UNSPECIFIED).build()), "",
                "types[0]");
        assertInvalid(() -> profiles.stub.listEvents(request().addChannels(Channel.CHANNEL_UNSPECIFIED).build()), "",
                "channels[0]");
        assertInvalid(() -> profiles.stub.listEvents(request().addTypes(EventType.EVENT_TYPE_SEARCH)
                .addCustomTypes("video_play").build()), "", "custom_types");
        assertInvalid(() -> profiles.stub.listEvents(request().setPage(PageRequest.newBuilder().setPageSize(501))
                .build()), "", "page.page_size");
        String token = profiles.stub.listEvents(request().setPage(PageRequest.newBuilder().setPageSize(1)).build())
                .getPage().getNextPageToken();
        assertTrue(!token.isEmpty());
        assertInvalid(() -> profiles.stub.listEvents(request().addTypes(EventType.EVENT_TYPE_SEARCH)
                .setPage(PageRequest.newBuilder().setPageToken(token)).build()), "PAGE_TOKEN_INVALID",
                "page.page_token");
        assertInvalid(() -> profiles.stub.listEvents(request().setPage(PageRequest.newBuilder()
                .setPageToken("not a token")).build()), "PAGE_TOKEN_INVALID", "page.page_token");
    }

    private ListEventsRequest.Builder request() {
        return ListEventsRequest.newBuilder().setPerson(person(personId));
    }

    private List<String> ids(ListEventsRequest.Builder request) {
        return profiles.stub.listEvents(request.build()).getEventsList().stream().map(Event::getEventId).toList();
    }

    private void record(Identifier who, EventType type, Channel channel, int secondsAgo, String customType) {
        var request = event(type, channel, now.minusSeconds(secondsAgo), who).setCustomType(customType).build();
        personId = profiles.stub.recordEvent(request).getPersonId();
        newestFirst.add(0, request.getEventId());
    }
}
