package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.as;
import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.gateway.followers.IdentityChanges;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.PersonForgotten;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The access audit: every read of a customer through the gateway is recorded (who, when, which
 * customer, which route, from where) — in tests the services are down, so the reads answer 503 and
 * are recorded with it; supervisors list the records by agent or customer, agents cannot; an
 * erasure leaves only a pseudonym.
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class AccessAuditTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    IdentityChanges identityChanges;

    @Test
    void everyReadOfACustomerIsRecordedAndSupervisorsListThem() {
        String person = "p-" + UUID.randomUUID();
        String agent = "ann-" + UUID.randomUUID().toString().substring(0, 8);
        for (String route : List.of("", "/events", "/scores", "/consents", "/contact-history", "/decisions")) {
            asAgent(agent).when().get("/api/v1/customers/" + person + route).then().statusCode(503);
        }
        // a write is not a read; a refused caller read nothing
        as("collector", "service").when().get("/api/v1/customers/" + person).then().statusCode(403);

        as("sue", "supervisor").queryParam("person_id", person).when().get("/api/v1/admin/access-audit").then()
                .statusCode(200).body("accesses", hasSize(6))
                .body("accesses.agent_id", everyItem(is(agent)))
                .body("accesses.person_id", everyItem(is(person)))
                .body("accesses[0].route", is("GET /api/v1/customers/{personId}/decisions"))
                .body("accesses[5].route", is("GET /api/v1/customers/{personId}"))
                .body("accesses.route", hasItem("GET /api/v1/customers/{personId}/scores"))
                .body("accesses[0].status", is(503))
                .body("accesses[0].client", is("127.0.0.1"))
                .body("accesses[0].accessed_at", startsWith("20"));
        as("sue", "supervisor").queryParam("agent_id", agent).queryParam("page_size", "4").when()
                .get("/api/v1/admin/access-audit").then().statusCode(200).body("accesses", hasSize(4))
                .body("next_page_token", not(nullValue()));
        String next = as("sue", "supervisor").queryParam("agent_id", agent).queryParam("page_size", "4").when()
                .get("/api/v1/admin/access-audit").then().extract().path("next_page_token");
        as("sue", "supervisor").queryParam("agent_id", agent).queryParam("page_size", "4")
                .queryParam("page_token", next).when().get("/api/v1/admin/access-audit").then().statusCode(200)
                .body("accesses", hasSize(2)).body("next_page_token", nullValue())
                .body("accesses[1].route", is("GET /api/v1/customers/{personId}"));
    }

    @Test
    void agentsCannotReadTheAuditAndAQueryNeedsAnAgentOrACustomer() {
        asAgent("ann").queryParam("agent_id", "ann").when().get("/api/v1/admin/access-audit").then()
                .statusCode(403).contentType(PROBLEM);
        as("sue", "supervisor").when().get("/api/v1/admin/access-audit").then().statusCode(400)
                .contentType(PROBLEM).body("violations.field", hasItem("agent_id"));
        as("sue", "supervisor").queryParam("agent_id", "ann").queryParam("page_size", "5000")
                .queryParam("page_token", "{\"$gt\": 1}").when().get("/api/v1/admin/access-audit").then()
                .statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("page_size"))
                .body("violations.field", hasItem("page_token"));
    }

    @Test
    void anErasureKeepsOnlyAPseudonymousRecordThatAnAccessHappened() {
        String person = "p-" + UUID.randomUUID();
        String merged = "p-" + UUID.randomUUID();
        String agent = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        asAgent(agent).when().get("/api/v1/customers/" + person).then().statusCode(503);
        asAgent(agent).when().get("/api/v1/customers/" + merged + "/scores").then().statusCode(503);

        IdentityChange forgotten = IdentityChange.newBuilder().setForgotten(PersonForgotten.newBuilder()
                .setPersonId(person).addMergedPersonIds(merged)).build();
        identityChanges.apply(forgotten);
        identityChanges.apply(forgotten); // a change delivered twice changes nothing more
        // a read of the erased customer afterwards is recorded under the same pseudonym
        asAgent(agent).when().get("/api/v1/customers/" + person + "/events").then().statusCode(503);

        for (String id : List.of(person, merged)) {
            as("sue", "supervisor").queryParam("person_id", id).when().get("/api/v1/admin/access-audit").then()
                    .statusCode(200).body("accesses", hasSize(0));
        }
        as("sue", "supervisor").queryParam("agent_id", agent).when().get("/api/v1/admin/access-audit").then()
                .statusCode(200).body("accesses", hasSize(3))
                .body("accesses.person_id", everyItem(startsWith("erased-")))
                .body("accesses.client", everyItem(nullValue()))
                .body("accesses.route", hasItem("GET /api/v1/customers/{personId}/scores"));
        List<String> pseudonyms = as("sue", "supervisor").queryParam("agent_id", agent).when()
                .get("/api/v1/admin/access-audit").then().extract().path("accesses.person_id");
        assertEquals(1, pseudonyms.stream().distinct().count(), "one pseudonym for the erasure: " + pseudonyms);
    }
}
