package io.crowsnest.scoring.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.client.IdentityClient;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetScoresResponse;
import io.crowsnest.scoring.v1.PersonScores;
import io.grpc.Status;

/** GetScores: every score with its top contributions, the behaviour features and the memberships of a person. */
@ApplicationScoped
public class ScoresDesk {

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

    public GetScoresResponse get(GetScoresRequest request) {
        Checks checks = new Checks();
        person(request.getPerson(), "person", checks);
        if (request.getExplanationLimit() < 0 || request.getExplanationLimit() > 50) {
            checks.add("explanation_limit", "must be 0 (default 10) to 50, got " + request.getExplanationLimit());
        }
        checks.throwIfAny();
        String personId = request.getPerson().hasIdentifier()
                ? identity.lookup(request.getPerson().getIdentifier(), "person.identifier")
                : request.getPerson().getPersonId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        LiveStore.Read read = live.read(personId, now, settings.windows(), true, false);
        for (int hops = 0; read.presence() == LiveStore.Presence.MOVED && hops < ObserveDesk.MAX_HOPS; hops++) {
            personId = read.movedTo();
            read = live.read(personId, now, settings.windows(), true, false);
        }
        if (read.presence() != LiveStore.Presence.HELD) {
            throw GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", "scoring holds nothing about person '"
                    + personId + "'" + (read.presence() == LiveStore.Presence.FORGOTTEN ? " (forgotten)" : ""));
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

    /** A person reference: exactly one of a well-formed person_id or an identifier with type and value. */
    static void person(PersonRef person, String field, Checks checks) {
        switch (person.getRefCase()) {
            case PERSON_ID -> checks.personId(person.getPersonId(), field + ".person_id");
            case IDENTIFIER -> {
                checks.length(person.getIdentifier().getType(), 1, 64, field + ".identifier.type");
                checks.length(person.getIdentifier().getValue().strip(), 1, 512, field + ".identifier.value");
            }
            default -> checks.add(field, "must name the person by person_id or by identifier");
        }
    }
}
