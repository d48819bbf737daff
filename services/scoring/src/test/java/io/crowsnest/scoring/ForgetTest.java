package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.fields;
import static io.crowsnest.scoring.Scoring.key;
import static io.crowsnest.scoring.Scoring.reason;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.scoring.v1.ForgetPersonRequest;
import io.crowsnest.scoring.v1.ForgetPersonResponse;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** ForgetPerson through real gRPC: tombstones, erasure of live data, later events refused. */
@QuarkusTest
@TestProfile(Stores.class)
class ForgetTest extends WithScoringClient {

    private static ForgetPersonRequest forget(String personId) {
        return ForgetPersonRequest.newBuilder().setPersonId(personId)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE").setMessage("request #4711"))
                .setRequestingSystem("privacy-desk").setIdempotencyKey(key()).build();
    }

    private StatusRuntimeException scoresOf(String personId) {
        return error(() -> scoring.stub.getScores(GetScoresRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(personId)).build()));
    }

    @Test
    void aForgottenPersonLosesEverythingAndLaterEventsAreRefused() {
        String person = unique("person-");
        scoring.observe(event(person, "page_view", Instant.now()));
        ForgetPersonRequest request = forget(person);
        ForgetPersonResponse forgotten = scoring.stub.forgetPerson(request);
        assertEquals(List.of(person), forgotten.getForgottenPersonIdsList());
        assertFalse(forgotten.getAlreadyForgotten());
        assertEquals(forgotten, scoring.stub.forgetPerson(request));

        StatusRuntimeException gone = scoresOf(person);
        assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(gone));
        StatusRuntimeException refused = error(() -> scoring.observe(event(person, "page_view", Instant.now())));
        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(refused));

        ForgetPersonResponse again = scoring.stub.forgetPerson(forget(person));
        assertTrue(again.getAlreadyForgotten());
        assertEquals(forgotten.getForgottenAt(), again.getForgottenAt());
    }

    @Test
    void aPersonOnlyIdentityKnowsIsForgottenWithEveryoneMergedIntoIt() {
        String survivor = unique("person-");
        String merged = unique("person-");
        scoring.observe(event(merged, "page_view", Instant.now()));
        Identity identity = Identity.newBuilder().setPersonId(survivor).addMergedPersonIds(merged).build();
        IdentityStub.IDENTITIES.put(survivor, identity);
        IdentityStub.IDENTITIES.put(merged, identity);

        ForgetPersonResponse forgotten = scoring.stub.forgetPerson(forget(merged));
        assertEquals(List.of(survivor, merged), forgotten.getForgottenPersonIdsList());
        for (String id : List.of(survivor, merged)) {
            StatusRuntimeException refused = error(() -> scoring.observe(event(id, "page_view", Instant.now())));
            assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode(), id);
            assertEquals("PERSON_NOT_FOUND", reason(refused), id);
        }
    }

    @Test
    void nobodyKnowsAnUnknownPersonAndABadRequestChangesNothing() {
        StatusRuntimeException unknown = error(() -> scoring.stub.forgetPerson(forget(unique("nobody-"))));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(unknown));
        String person = unique("person-");
        scoring.observe(event(person, "page_view", Instant.now()));
        StatusRuntimeException bad = error(() -> scoring.stub.forgetPerson(forget(person).toBuilder()
                .clearReason().setRequestingSystem("Privacy Desk").build()));
        assertEquals(List.of("reason.code", "requesting_system"), fields(bad));
        assertFalse(scoring.observe(event(person, "page_view", Instant.now())).getDuplicate());
    }
}
