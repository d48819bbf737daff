package io.crowsnest.contactgovernance;

import static io.crowsnest.contactgovernance.Governance.key;
import static io.crowsnest.contactgovernance.Governance.marketing;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.contactgovernance.v1.CheckEligibilityRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisClusterTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The same code on a real three-node Redis Cluster: every key of a person shares a hash tag, so the
 * scripts run on the node owning that slot, and the invariant holds as on a single Redis.
 */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisClusterTestResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContactInvariantOnRedisClusterTest {

    Governance g;

    @BeforeEach
    void connect() {
        g = new Governance();
    }

    @AfterEach
    void disconnect() {
        g.close();
    }

    @Test
    @Order(0)
    void theServiceTalksToEveryNodeOfTheCluster() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'redis' }.data.nodes", is(3));
    }

    @Test
    @Order(1)
    void theInvariantHoldsOnARedisCluster() throws Exception {
        ContactInvariantTest.race(g);
    }

    @Test
    @Order(2)
    void peopleSpreadOverEveryNodeAreCountedFromTheLedger() {
        Instant now = Instant.now();
        // Enough people that their hash slots fall on all three nodes.
        for (int i = 0; i < 30; i++) {
            String person = "spread-" + i;
            g.madeAt(person, Channel.CHANNEL_EMAIL, "travel", now.minus(Duration.ofDays(1)));
            g.madeAt(person, Channel.CHANNEL_EMAIL, "travel", now.minus(Duration.ofHours(20)));
            assertFalse(g.stub.reserveContact(ReserveContactRequest.newBuilder()
                    .setContact(marketing(person, Channel.CHANNEL_EMAIL, "travel")).setIdempotencyKey(key())
                    .build()).getGranted(), person + ": the email cap of 2 holds");
            assertEquals(2, g.stub.checkEligibility(CheckEligibilityRequest.newBuilder()
                    .setContact(marketing(person, Channel.CHANNEL_PUSH, "travel")).build()).getVerdict()
                    .getCapacitiesList().stream().filter(c -> c.getRuleId().equals("overall")).findFirst()
                    .orElseThrow().getUsed());
        }
    }
}
