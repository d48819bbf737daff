package io.crowsnest.profile.api;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.platform.json.JsonValues;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.AnswerRules;
import io.crowsnest.profile.mapping.ProfileMapping;
import io.crowsnest.profile.service.RecordAnswerService;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.crowsnest.profile.v1.RecordAnswerResponse;

/** RecordAnswer: the answer checked (a string, a number, a bool or a list of strings), then kept once per key. */
@ApplicationScoped
class AnswerAdapter {

    private static final Pattern QUESTION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Inject
    ProfileConfig config;
    @Inject
    Clock clock;
    @Inject
    Idempotency idempotency;
    @Inject
    RecordAnswerService answers;

    RecordAnswerResponse record(RecordAnswerRequest r) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Checks checks = new Checks();
        checks.person(r.getPerson(), "person");
        checks.matches(r.getQuestionId(), QUESTION_ID, true, "question_id");
        answer(r, checks);
        Instant answeredAt = null;
        if (!r.hasAnsweredAt()) {
            checks.add("answered_at", "is required");
        } else {
            answeredAt = checks.notAhead(r.getAnsweredAt(), now.plus(config.clockSkew()), "answered_at");
        }
        if (r.getChannel() == Channel.CHANNEL_UNSPECIFIED || r.getChannel() == Channel.UNRECOGNIZED) {
            checks.add("channel", "is required");
        }
        checks.system(r.getSource(), "source");
        checks.agent(r.getAgentId(), "agent_id");
        checks.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        Instant at = answeredAt.truncatedTo(ChronoUnit.MILLIS);
        return idempotency.once("RecordAnswer", r.getIdempotencyKey(), r, RecordAnswerResponse.parser(),
                () -> {
                    RecordAnswerService.Kept kept = answers.record(new RecordAnswerService.Given(
                            ProfileMapping.person(r.getPerson()), r.getQuestionId(), JsonValues.PLAIN.plain(r.getAnswer()), at,
                            r.getChannel().name(), r.getSource(), r.getAgentId()), now);
                    return RecordAnswerResponse.newBuilder().setPersonId(kept.personId())
                            .setAnswer(ProfileMapping.answer(kept.answer())).build();
                });
    }

    private static void answer(RecordAnswerRequest r, Checks checks) {
        AnswerRules.check(JsonValues.PLAIN.plain(r.getAnswer()), r.hasAnswer(), "answer")
                .forEach(p -> checks.add(p.path(), p.description()));
    }
}
