package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.client.IdentityClient;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PersonNotFound;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.ScoreValues;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetScoresResponse;
import io.crowsnest.scoring.v1.PersonScores;

/** GetScores: every score with its top contributions, the behaviour features and the memberships of a person. */
@ApplicationScoped
public class GetScoresService {

    private static final int DEFAULT_EXPLANATIONS = 10;

    @Inject
    LiveStore live;
    @Inject
    PlanCatalog catalog;
    @Inject
    LiveSettings settings;
    @Inject
    IdentityClient identity;
    @Inject
    ScoringConfig config;
    @Inject
    SegmentCatalog segments;
    @Inject
    ValueScoring value;
    @Inject
    Clock clock;

    /** The scores of a checked request's person (an identifier is resolved by identity). */
    public GetScoresResponse get(GetScoresRequest request) {
        String personId = request.getPerson().hasIdentifier()
                ? identity.lookup(request.getPerson().getIdentifier(), "person.identifier")
                : request.getPerson().getPersonId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LiveStore.Read read = live.read(personId, now, settings.windows(), true, false);
        for (int hops = 0; read.presence() == LiveStore.Presence.MOVED && hops < ObserveEventService.MAX_HOPS; hops++) {
            personId = read.movedTo();
            read = live.read(personId, now, settings.windows(), true, false);
        }
        if (read.presence() != LiveStore.Presence.HELD) {
            throw new PersonNotFound("scoring holds nothing about person '" + personId + "'"
                    + (read.presence() == LiveStore.Presence.FORGOTTEN ? " (forgotten)" : ""));
        }
        PlanBook book = catalog.book();
        int limit = request.getExplanationLimit() == 0 ? DEFAULT_EXPLANATIONS : request.getExplanationLimit();
        Features features = Features.of(read.state(), now, config.frequencyWindows());
        PersonScores.Builder scores = PersonScores.newBuilder().setPersonId(personId).setAsOf(Timestamps.of(now))
                .addAllScores(Explanations.scores(book, read.state(), now, limit))
                .setFeatures(FeatureMapping.features(features, now))
                .setValue(value.of(read.state(), features, ScoreValues.at(book, read.state().scores(), now), now))
                .addAllMemberships(MembershipViews.of(segments.current(), read.memberships()));
        return GetScoresResponse.newBuilder().setScores(scores).build();
    }
}
