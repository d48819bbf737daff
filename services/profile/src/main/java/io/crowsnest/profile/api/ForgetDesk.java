package io.crowsnest.profile.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.v1.Identity;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.profile.client.IdentityClient;
import io.crowsnest.profile.store.AuditStore;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;
import io.crowsnest.profile.v1.ForgetPersonRequest;
import io.crowsnest.profile.v1.ForgetPersonResponse;

/**
 * ForgetPerson: erases a person and every person merged into it. The id may be one profile never
 * stored anything about, or a merged-away one: identity then tells the survivor and its merged ids.
 */
@ApplicationScoped
public class ForgetDesk {

    @Inject
    PersonStore persons;
    @Inject
    IdentityClient identity;
    @Inject
    Eraser eraser;
    @Inject
    AuditStore audit;
    @Inject
    Idempotency idempotency;

    public ForgetPersonResponse forget(ForgetPersonRequest r) {
        Checks checks = new Checks();
        checks.oneTo(r.getPersonId(), 64, "person_id");
        checks.required(!r.getReason().getCode().isEmpty(), "reason.code");
        checks.system(r.getRequestingSystem(), "requesting_system");
        checks.oneTo(r.getIdempotencyKey(), 128, "idempotency_key");
        checks.throwIfAny();
        return idempotency.once("ForgetPerson", r.getIdempotencyKey(), r, ForgetPersonResponse.parser(), () -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<String> ids = idsToErase(r.getPersonId());
            Eraser.Erased erased = eraser.erase(ids, now);
            audit.record(ids.get(0), "FORGET:" + r.getReason().getCode(), r.getRequestingSystem(), now);
            return ForgetPersonResponse.newBuilder().addAllForgottenPersonIds(erased.ids())
                    .setEventsErasedCount(erased.events()).setAnswersErasedCount(erased.answers())
                    .setAttributeChangesErasedCount(erased.changes()).setForgottenAt(Timestamps.of(erased.at()))
                    .setAlreadyForgotten(erased.already()).build();
        });
    }

    /** The person's root and every id merged into it, root first, as profile's lineage and identity know them. */
    private List<String> idsToErase(String personId) {
        Optional<Person> stored = persons.find(personId);
        if (stored.isPresent() && stored.get().forgotten()) {
            return List.of(personId);
        }
        List<String> ids = new ArrayList<>();
        if (stored.isPresent()) {
            Person root = persons.find(stored.get().root()).orElse(stored.get());
            ids.add(root.id());
            ids.addAll(root.members());
        } else {
            Identity known = identity.identity(personId).orElseThrow(() -> Persons.notFound(personId));
            ids.add(known.getPersonId());
            ids.addAll(known.getMergedPersonIdsList());
            persons.find(known.getPersonId()).ifPresent(p -> ids.addAll(p.members()));
        }
        return ids.stream().distinct().toList();
    }
}
