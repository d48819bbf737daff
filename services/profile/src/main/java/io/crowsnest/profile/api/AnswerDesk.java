package io.crowsnest.profile.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.store.PersonStore;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.crowsnest.profile.v1.RecordAnswerResponse;

/** RecordAnswer: keeps every answer to a question, so that nobody asks it again; the newest is current. */
@ApplicationScoped
public class AnswerDesk {

    static final int MAX_TEXT = 2000;
    private static final Pattern QUESTION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Inject
    ProfileConfig config;
    @Inject
    Persons persons;
    @Inject
    PersonStore store;
    @Inject
    Idempotency idempotency;

    public RecordAnswerResponse record(RecordAnswerRequest r) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
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
        checks.oneTo(r.getIdempotencyKey(), 128, "idempotency_key");
        checks.throwIfAny();
        Instant at = answeredAt.truncatedTo(ChronoUnit.MILLIS);
        return idempotency.once("RecordAnswer", r.getIdempotencyKey(), r, RecordAnswerResponse.parser(), () -> {
            Persons.Who who = persons.resolve(r.getPerson(), "person");
            Answer answer = new Answer(UUID.randomUUID().toString(), r.getQuestionId(), Values.plain(r.getAnswer()), at,
                    r.getChannel().name(), r.getSource(), r.getAgentId(), now);
            if (!store.addAnswer(who.root(), answer, now)) {
                throw Persons.notFound(who.root());
            }
            return RecordAnswerResponse.newBuilder().setPersonId(who.root()).setAnswer(Mapping.answer(answer)).build();
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
