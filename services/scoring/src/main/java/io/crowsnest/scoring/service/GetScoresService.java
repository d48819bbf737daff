package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.client.IdentityClient;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PersonIdentifier;
import io.crowsnest.scoring.domain.PersonNotFound;
import io.crowsnest.scoring.domain.PersonValue;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.ScoreExplanations;
import io.crowsnest.scoring.domain.ScoreValues;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.MembershipStore;

/** GetScores: every score with its top contributions, the behaviour features and the memberships of a person. */
@ApplicationScoped
public class GetScoresService {

    private static final int DEFAULT_EXPLANATIONS = 10;

    /**
     * A person's scores as of an instant: each active score with its top contributions, the
     * behaviour features, the value scores and the segments it is in by system.
     */
    public record PersonScores(String personId, Instant asOf, List<ScoreExplanations.Explained> scores,
            Features features, PersonValue value, List<MembershipViews.SystemMemberships> memberships) {
    }

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
    MembershipStore memberships;
    @Inject
    Clock clock;

    /**
     * The scores of a checked request's person, named by its id or by an identifier identity
     * resolves (identifier null when the id is given).
     *
     * @param explanationLimit how many contributions to show per score (0: the default, 10)
     */
    public PersonScores get(String named, PersonIdentifier identifier, int explanationLimit) {
        String personId = identifier != null ? identity.lookup(identifier, "person.identifier") : named;
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
        int limit = explanationLimit == 0 ? DEFAULT_EXPLANATIONS : explanationLimit;
        Features features = Features.of(read.state(), now, config.frequencyWindows());
        return new PersonScores(personId, now, ScoreExplanations.of(book, read.state(), now, limit), features,
                value.of(read.state(), features, ScoreValues.at(book, read.state().scores(), now), now),
                MembershipViews.of(segments.current(), memberships.memberships(read.memberships()),
                        memberships.latest(read.memberships())));
    }
}
