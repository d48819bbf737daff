package io.crowsnest.scoring.api;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.PersonIdentifier;
import io.crowsnest.scoring.mapping.Explanations;
import io.crowsnest.scoring.mapping.FeatureMapping;
import io.crowsnest.scoring.mapping.ForgetAnswers;
import io.crowsnest.scoring.mapping.SegmentRecords;
import io.crowsnest.scoring.mapping.ValueMapping;
import io.crowsnest.scoring.service.ForgetService;
import io.crowsnest.scoring.service.GetScoresService;
import io.crowsnest.scoring.v1.ForgetPersonRequest;
import io.crowsnest.scoring.v1.ForgetPersonResponse;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetScoresResponse;
import io.crowsnest.scoring.v1.PersonScores;
import io.crowsnest.scoring.v1.SystemMemberships;

/** GetScores and ForgetPerson: checked, then handed to their use cases. */
@Singleton
class PersonAdapter {

    @Inject
    GetScoresService scores;
    @Inject
    ForgetService forget;
    @Inject
    ForgetAnswers answers;

    GetScoresResponse get(GetScoresRequest request) {
        RequestChecks checks = new RequestChecks();
        checks.person(request.getPerson(), "person");
        if (request.getExplanationLimit() < 0 || request.getExplanationLimit() > 50) {
            checks.add("explanation_limit", "must be 0 (default 10) to 50, got " + request.getExplanationLimit());
        }
        checks.throwIfAny();
        Identifier identifier = request.getPerson().getIdentifier();
        GetScoresService.PersonScores found = scores.get(request.getPerson().getPersonId(),
                request.getPerson().hasIdentifier() ? new PersonIdentifier(identifier.getType(), identifier.getValue(),
                        identifier.getNamespace()) : null, request.getExplanationLimit());
        PersonScores.Builder out = PersonScores.newBuilder().setPersonId(found.personId())
                .setAsOf(Timestamps.of(found.asOf())).addAllScores(Explanations.scores(found.scores()))
                .setFeatures(FeatureMapping.features(found.features(), found.asOf()))
                .setValue(ValueMapping.value(found.value()));
        found.memberships().forEach(m -> {
            SystemMemberships.Builder system = SystemMemberships.newBuilder().setSystemId(m.systemId())
                    .setExclusive(m.exclusive());
            m.segments().forEach(s -> system.addSegments(SegmentRecords.membership(s)));
            out.addMemberships(system);
        });
        return GetScoresResponse.newBuilder().setScores(out).build();
    }

    ForgetPersonResponse forget(ForgetPersonRequest request) {
        RequestChecks checks = new RequestChecks();
        checks.personId(request.getPersonId(), "person_id");
        checks.reason(request.getReason(), "reason");
        checks.requestingSystem(request.getRequestingSystem(), "requesting_system");
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return answers.answer(request, () -> forget.forget(request.getPersonId()));
    }
}
