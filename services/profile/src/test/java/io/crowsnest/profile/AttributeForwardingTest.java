package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.pageView;
import static io.crowsnest.profile.Profiles.person;
import static io.crowsnest.profile.Profiles.string;
import static io.crowsnest.profile.Profiles.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Value;

import io.crowsnest.localstack.testing.Await;
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.Demographics;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every change of a person's attributes reaches the receiver playing scoring through the outbox, as
 * the person's whole current attribute snapshot under an increasing version: at once, after scoring
 * was down, and never an older snapshot after a newer one.
 */
@QuarkusTest
class AttributeForwardingTest extends ThroughGrpc {

    static final Duration DELIVERY = Duration.ofSeconds(20);

    String personId;

    @BeforeEach
    void aPerson() {
        personId = profiles.stub.recordEvent(pageView(cookie()).build()).getPersonId();
    }

    private void update(Attributes attributes, String... paths) {
        profiles.stub.updateAttributes(UpdateAttributesRequest.newBuilder().setPerson(person(personId))
                .setAttributes(attributes).addAllPaths(java.util.List.of(paths)).setSource("crm")
                .setIdempotencyKey(unique("k-")).build());
    }

    private Document entry() {
        return database.getCollection("outbox").find(new Document("_id", new Document("attributes", personId)))
                .first();
    }

    /** Waits until the receiver holds a snapshot of the person with exactly these attributes and the outbox drained. */
    private ObserveAttributesRequest awaitSnapshot(Map<String, Value> expected) {
        Await.until(DELIVERY, () -> scoring.attributes(personId) != null
                && scoring.attributes(personId).getAttributesMap().equals(expected) && entry() == null,
                () -> "scoring holds " + scoring.attributes(personId) + "; outbox entry " + entry());
        return scoring.attributes(personId);
    }

    @Test
    void anUpdateReachesScoringAsTheWholeSnapshotByAttributePath() {
        update(Attributes.newBuilder().setGivenName("Janet").setCountry("FR")
                .setDemographics(Demographics.newBuilder().setBirthYear(1984)).putCustom("tier", string("gold"))
                .build(), "given_name", "country", "demographics.birth_year", "custom.tier");
        ObserveAttributesRequest first = awaitSnapshot(Map.of("given_name", string("Janet"), "country", string("FR"),
                "demographics.birth_year", Profiles.number(1984), "custom.tier", string("gold")));
        assertEquals(personId, first.getPersonId());
        assertTrue(first.getVersion() >= 1);
        assertFalse(first.getIdempotencyKey().isEmpty());

        update(Attributes.getDefaultInstance(), "country");
        ObserveAttributesRequest cleared = awaitSnapshot(Map.of("given_name", string("Janet"),
                "demographics.birth_year", Profiles.number(1984), "custom.tier", string("gold")));
        assertTrue(cleared.getVersion() > first.getVersion(), "a later snapshot has a higher version");
    }

    @Test
    void changesMadeWhileScoringIsDownAreDeliveredOnceItIsBackNewestLast() {
        scoring.down();
        update(Attributes.newBuilder().setCity("Lyon").build(), "city");
        update(Attributes.newBuilder().setCity("Paris").setLanguage("fr").build(), "city", "language");
        Await.holds(Duration.ofSeconds(1), () -> scoring.attributes(personId) == null && entry() != null,
                "nothing reaches a scoring that is down; the change is kept in the outbox");

        scoring.up();
        ObserveAttributesRequest delivered = awaitSnapshot(Map.of("city", string("Paris"), "language",
                string("fr")));
        assertTrue(delivered.getVersion() >= 2, "both changes counted: version " + delivered.getVersion());
    }

    @Test
    void whileScoringRefusesAttributesTheEntryStaysAndIsOfferedAgain() {
        scoring.failWith(Status.UNAVAILABLE.withDescription("restarting"));
        update(Attributes.newBuilder().setCountry("DE").build(), "country");
        Await.holds(Duration.ofMillis(500), () -> entry() != null, "the refused entry stays in the outbox");
        scoring.failWith(null);
        awaitSnapshot(Map.of("country", string("DE")));
    }
}
