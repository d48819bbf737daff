package io.crowsnest.profile.api;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.ByteString;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.ContentHash;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.paging.PageTokens;
import io.crowsnest.profile.domain.AttributePaths;
import io.crowsnest.profile.mapping.ExportDocument;
import io.crowsnest.profile.mapping.ProfileMapping;
import io.crowsnest.profile.service.EventQueries;
import io.crowsnest.profile.service.ExportService;
import io.crowsnest.profile.service.HistoryQueries;
import io.crowsnest.profile.service.ProfileQueries;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.HistoryStore;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ExportProfileRequest;
import io.crowsnest.profile.v1.ExportProfileResponse;
import io.crowsnest.profile.v1.GetAttributeHistoryRequest;
import io.crowsnest.profile.v1.GetAttributeHistoryResponse;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.GetProfileResponse;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ListEventsResponse;

/** The reads: GetProfile, ListEvents and GetAttributeHistory (paged, tokens bound to the filter), ExportProfile. */
@ApplicationScoped
class ReadAdapter {

    static final int DEFAULT_RECENT_EVENTS = 20;
    static final int MAX_RECENT_EVENTS = 100;

    @Inject
    ProfileQueries profiles;
    @Inject
    EventQueries events;
    @Inject
    HistoryQueries history;
    @Inject
    ExportService exports;

    GetProfileResponse profile(GetProfileRequest request) {
        Checks checks = new Checks();
        checks.person(request.getPerson(), "person");
        int limit = request.getRecentEventsLimit();
        if (limit < 0 || limit > MAX_RECENT_EVENTS) {
            checks.add("recent_events_limit", "must be 0 (default " + DEFAULT_RECENT_EVENTS + ") to "
                    + MAX_RECENT_EVENTS + ", got " + limit);
        }
        checks.throwIfAny();
        int recent = request.getOmitRecentEvents() ? 0 : limit == 0 ? DEFAULT_RECENT_EVENTS : limit;
        return GetProfileResponse.newBuilder()
                .setProfile(ProfileMapping.profile(profiles.profile(ProfileMapping.person(request.getPerson()), "person",
                        recent, !request.getOmitIdentifiers())))
                .build();
    }

    ListEventsResponse events(ListEventsRequest r) {
        Checks checks = new Checks();
        checks.person(r.getPerson(), "person");
        Instant[] range = checks.range(r.hasOccurred(), r.getOccurred(), "occurred");
        for (int i = 0; i < r.getTypesCount(); i++) {
            if (r.getTypes(i) == EventType.EVENT_TYPE_UNSPECIFIED || r.getTypes(i) == EventType.UNRECOGNIZED) {
                checks.add("types[" + i + "]", "must be a known event type");
            }
        }
        for (int i = 0; i < r.getChannelsCount(); i++) {
            if (r.getChannels(i) == Channel.CHANNEL_UNSPECIFIED || r.getChannels(i) == Channel.UNRECOGNIZED) {
                checks.add("channels[" + i + "]", "must be a known channel");
            }
        }
        if (r.getCustomTypesCount() > 0 && r.getTypesCount() > 0
                && !r.getTypesList().contains(EventType.EVENT_TYPE_CUSTOM)) {
            checks.add("custom_types", "filters custom events, but types leaves EVENT_TYPE_CUSTOM out");
        }
        String filter = ContentHash.of(r.toBuilder().clearPage().build());
        PageTokens.Page asked = PageTokens.read(r.getPage(), filter, "page", checks.shared());
        Position after = after(asked, checks);
        checks.throwIfAny();

        EventQueries.Page page = events.list(ProfileMapping.person(r.getPerson()), "person", new EventQueries.Filter(range[0], range[1],
                r.getTypesList().stream().map(Enum::name).toList(), r.getChannelsList().stream().map(Enum::name).toList(),
                r.getCustomTypesList()), after == null ? null : new EventStore.Cursor(after.at(), after.id()), asked.size());
        ListEventsResponse.Builder response = ListEventsResponse.newBuilder().setPersonId(page.root())
                .addAllEvents(page.events().stream().map(e -> ProfileMapping.event(e, page.root())).toList());
        if (page.more()) {
            response.getPageBuilder().setNextPageToken(token(filter,
                    page.last().facts().occurredAt(), page.last().eventId()));
        }
        return response.build();
    }

    GetAttributeHistoryResponse history(GetAttributeHistoryRequest r) {
        Checks checks = new Checks();
        checks.person(r.getPerson(), "person");
        for (int i = 0; i < r.getPathsCount(); i++) {
            if (!AttributePaths.knownPrefix(r.getPaths(i))) {
                checks.add("paths[" + i + "]", "unknown path prefix '" + r.getPaths(i) + "'", "ATTRIBUTE_PATH_UNKNOWN");
            }
        }
        Instant[] range = checks.range(r.hasRecorded(), r.getRecorded(), "recorded");
        String filter = ContentHash.of(r.toBuilder().clearPage().build());
        PageTokens.Page asked = PageTokens.read(r.getPage(), filter, "page", checks.shared());
        Position after = after(asked, checks);
        checks.throwIfAny();

        HistoryQueries.Page page = history.list(ProfileMapping.person(r.getPerson()), "person", r.getPathsList(), range[0], range[1],
                after == null ? null : new HistoryStore.Cursor(after.at(), after.id()), asked.size());
        GetAttributeHistoryResponse.Builder response = GetAttributeHistoryResponse.newBuilder()
                .setPersonId(page.root()).addAllChanges(page.changes().stream().map(ProfileMapping::change).toList());
        if (page.more()) {
            response.getPageBuilder().setNextPageToken(token(filter, page.last().recordedAt(), page.last().id()));
        }
        return response.build();
    }

    ExportProfileResponse export(ExportProfileRequest r) {
        Checks checks = new Checks();
        checks.person(r.getPerson(), "person");
        checks.system(r.getRequestingSystem(), "requesting_system");
        checks.throwIfAny();
        ExportService.Exported exported = exports.export(ProfileMapping.person(r.getPerson()), "person",
                r.getRequestingSystem(), ExportDocument::render);
        return ExportProfileResponse.newBuilder().setPersonId(exported.personId())
                .setDocument(ByteString.copyFrom(exported.document())).setContentType("application/json")
                .setSchemaVersion(ExportDocument.SCHEMA).setGeneratedAt(Timestamps.of(exported.generatedAt())).build();
    }

    /** Where a list's page starts: after the item at this instant (to the millisecond) with this id. */
    private record Position(Instant at, String id) {
    }

    /** The position a page token names (null for the first page), after recording a key that is not one. */
    private static Position after(PageTokens.Page page, Checks checks) {
        if (page.first()) {
            return null;
        }
        String[] parts = page.after().split("\\|", 2);
        try {
            if (parts.length == 2) {
                return new Position(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[1]);
            }
        } catch (NumberFormatException e) {
            // refused below like any other foreign token
        }
        checks.add("page.page_token", "is malformed or was issued for another filter", "PAGE_TOKEN_INVALID");
        return null;
    }

    /** The token of the page after the item at this instant with this id, bound to the filter. */
    private static String token(String filter, Instant at, String id) {
        return PageTokens.issue(filter, at.toEpochMilli() + "|" + id);
    }
}
