package io.crowsnest.profile.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.client.IdentityClient;
import io.crowsnest.profile.domain.PersonRef;

/** GetProfile: the 360 view in one call, with the identifiers identity holds at read time. */
@ApplicationScoped
public class ProfileQueries {

    @Inject
    Persons persons;
    @Inject
    ProfileViews views;
    @Inject
    IdentityClient identity;
    @Inject
    Clock clock;

    /** The profile of the person referred to, with that many recent events and (when asked) its identifiers. */
    public ProfileView profile(PersonRef person, String field, int recentEvents, boolean identifiers) {
        return profile(persons.resolve(person, field), recentEvents, identifiers, clock.instant());
    }

    /** The view of a resolved person, with its masked identifiers when asked for (one call to identity). */
    ProfileView profile(Persons.Who who, int recentEvents, boolean identifiers, Instant now) {
        ProfileView view = views.view(who, views.records(who), recentEvents, now);
        if (!identifiers) {
            return view;
        }
        return view.withIdentifiers(identity.identity(who.root()).map(IdentityClient.Known::identifiers)
                .orElse(List.of()));
    }
}
