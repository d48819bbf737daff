package io.crowsnest.profile.api;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.LinkedIdentifier;
import io.crowsnest.profile.client.IdentityClient;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.GetProfileResponse;
import io.crowsnest.profile.v1.Profile;

/** GetProfile: the 360 view in one call, with the identifiers identity holds at read time. */
@ApplicationScoped
public class ProfileDesk {

    static final int DEFAULT_RECENT_EVENTS = 20;
    static final int MAX_RECENT_EVENTS = 100;

    @Inject
    Persons persons;
    @Inject
    ProfileViews views;
    @Inject
    IdentityClient identity;

    public GetProfileResponse get(GetProfileRequest request) {
        Checks checks = new Checks();
        checks.person(request.getPerson(), "person");
        int limit = request.getRecentEventsLimit();
        if (limit < 0 || limit > MAX_RECENT_EVENTS) {
            checks.add("recent_events_limit", "must be 0 (default " + DEFAULT_RECENT_EVENTS + ") to "
                    + MAX_RECENT_EVENTS + ", got " + limit);
        }
        checks.throwIfAny();
        Persons.Who who = persons.resolve(request.getPerson(), "person");
        int recent = request.getOmitRecentEvents() ? 0 : limit == 0 ? DEFAULT_RECENT_EVENTS : limit;
        return GetProfileResponse.newBuilder()
                .setProfile(profile(who, recent, !request.getOmitIdentifiers(), Instant.now())).build();
    }

    /** The view of a resolved person with its masked identifiers. */
    Profile profile(Persons.Who who, int recentEvents, Instant now) {
        return profile(who, recentEvents, true, now);
    }

    /** The view of a resolved person, with its masked identifiers when asked for (one call to identity). */
    Profile profile(Persons.Who who, int recentEvents, boolean identifiers, Instant now) {
        Profile.Builder profile = views.view(who, views.records(who), recentEvents, now);
        if (!identifiers) {
            return profile.build();
        }
        identity.identity(who.root()).map(Identity::getIdentifiersList).orElse(java.util.List.of()).stream()
                .map(LinkedIdentifier::getIdentifier).forEach(profile::addIdentifiers);
        return profile.build();
    }
}
