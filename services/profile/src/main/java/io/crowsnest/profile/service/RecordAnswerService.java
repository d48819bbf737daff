package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.domain.ProfileErrors.PersonNotFound;
import io.crowsnest.profile.store.PersonStore;
import io.crowsnest.profile.v1.RecordAnswerRequest;

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
     * Keeps the answer of a request the adapter checked at {@code now}, answered at {@code answeredAt}
     * (both to the millisecond); the adapter owns idempotency.
     */
    public Kept record(RecordAnswerRequest r, Instant answeredAt, Instant now) {
        Persons.Who who = persons.resolve(r.getPerson(), "person");
        Answer answer = new Answer(UUID.randomUUID().toString(), r.getQuestionId(), Values.plain(r.getAnswer()),
                answeredAt, r.getChannel().name(), r.getSource(), r.getAgentId(), now);
        if (!store.addAnswer(who.root(), answer, now)) {
            throw new PersonNotFound(who.root());
        }
        return new Kept(who.root(), answer);
    }
}
