package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.domain.PersonRef;
import io.crowsnest.profile.domain.ProfileErrors.PersonNotFound;
import io.crowsnest.profile.store.PersonStore;

/** RecordAnswer: keeps every answer to a question, so that nobody asks it again; the newest is current. */
@ApplicationScoped
public class RecordAnswerService {

    @Inject
    Persons persons;
    @Inject
    PersonStore store;

    /** The answer as kept, under the root id of the person who gave it. */
    public record Kept(String personId, Answer answer) {
    }

    /**
     * A checked answer: who gave it, to which question, its value (a String, a Double, a Boolean or a
     * List of Strings), when (to the millisecond), on which channel (its name), recorded by which
     * system and agent ("" for none).
     */
    public record Given(PersonRef person, String questionId, Object value, Instant answeredAt, String channel,
            String source, String agentId) {
    }

    /** Keeps an answer the adapter checked at {@code now} (to the millisecond); the adapter owns idempotency. */
    public Kept record(Given given, Instant now) {
        Persons.Who who = persons.resolve(given.person(), "person");
        Answer answer = new Answer(UUID.randomUUID().toString(), given.questionId(), given.value(),
                given.answeredAt(), given.channel(), given.source(), given.agentId(), now);
        if (!store.addAnswer(who.root(), answer, now)) {
            throw new PersonNotFound(who.root());
        }
        return new Kept(who.root(), answer);
    }
}
