package io.crowsnest.profile.api;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.service.ProfileMessages;
import io.crowsnest.profile.service.RecordAnswerService;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.crowsnest.profile.v1.RecordAnswerResponse;

/** RecordAnswer: the answer checked (a string, a number, a bool or a list of strings), then kept once per key. */
@ApplicationScoped
class AnswerAdapter {

    static final int MAX_TEXT = 2000;
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
                    RecordAnswerService.Kept kept = answers.record(r, at, now);
                    return RecordAnswerResponse.newBuilder().setPersonId(kept.personId())
                            .setAnswer(ProfileMessages.answer(kept.answer())).build();
                });
    }

    private static void answer(RecordAnswerRequest r, Checks checks) {
        Value answer = r.getAnswer();
        switch (answer.getKindCase()) {
            case STRING_VALUE -> {
                checks.oneTo(answer.getStringValue(), MAX_TEXT, "answer");
            }
            case NUMBER_VALUE -> {
                if (!Double.isFinite(answer.getNumberValue())) {
                    checks.add("answer", "must be a finite number");
                }
            }
            case BOOL_VALUE -> {
            }
            case LIST_VALUE -> {
                if (answer.getListValue().getValuesCount() == 0) {
                    checks.add("answer", "a multiple choice lists at least one choice");
                }
                for (int i = 0; i < answer.getListValue().getValuesCount(); i++) {
                    Value choice = answer.getListValue().getValues(i);
                    if (!choice.hasStringValue()) {
                        checks.add("answer[" + i + "]", "a multiple choice is a list of strings");
                    } else {
                        checks.oneTo(choice.getStringValue(), MAX_TEXT, "answer[" + i + "]");
                    }
                }
            }
            case NULL_VALUE, STRUCT_VALUE, KIND_NOT_SET -> checks.add("answer", r.hasAnswer()
                    ? "must be a string, a number, a bool or a list of strings" : "is required");
        }
    }
}
