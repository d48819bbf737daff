package io.crowsnest.profile.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.LinkedIdentifier;
import io.crowsnest.profile.client.IdentityClient;
import io.crowsnest.profile.v1.Profile;

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
    public Profile profile(PersonRef person, String field, int recentEvents, boolean identifiers) {
        return profile(persons.resolve(person, field), recentEvents, identifiers, clock.instant());
    }

    /** The view of a resolved person, with its masked identifiers when asked for (one call to identity). */
    Profile profile(Persons.Who who, int recentEvents, boolean identifiers, Instant now) {
        Profile.Builder profile = views.view(who, views.records(who), recentEvents, now);
        if (!identifiers) {
            return profile.build();
        }
        identity.identity(who.root()).map(Identity::getIdentifiersList).orElse(List.of()).stream()
                .map(LinkedIdentifier::getIdentifier).forEach(profile::addIdentifiers);
        return profile.build();
    }
}
