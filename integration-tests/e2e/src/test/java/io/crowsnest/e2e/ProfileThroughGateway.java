package io.crowsnest.e2e;

import io.crowsnest.localstack.LocalStack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.emptyString;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.crowsnest.localstack.testing.Await;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A call-centre agent works with a customer's profile through the gateway: records a call by the
 * customer's phone number (profile resolves it through identity), finds the customer by that
 * number, reads the 360 view with the call, records an answer, lists the events, and sees the
 * call reach scoring through profile's outbox; bad requests answer problem+json and change nothing.
 *
 * <p>Run by {@link SuiteEndToEndTest} against the stack it started.
 */
final class ProfileThroughGateway {

    private static final String PROBLEM_JSON = "application/problem+json";

    private ProfileThroughGateway() {
    }

    static void run(LocalStack stack) {
        RequestSpecification gateway = GatewayAs.user(stack, "ada");
        String digits = "12" + (100_000 + (long) (Math.random() * 899_999));
        String eventId = "cc:" + UUID.randomUUID();
        String call = """
                {"event_id": "%s", "identifiers": [{"type": "phone", "value": "06 %s"}],
                 "type": "EVENT_TYPE_CALL_CENTRE_CALL", "channel": "CHANNEL_PHONE", "occurred_at": "%s",
                 "properties": {"direction": "inbound", "notes": "asked about the premium card"}}
                """.formatted(eventId, digits, Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS));

        String personId = given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann")).body(call)
                .when().post("/api/v1/events")
                .then().statusCode(200).body("duplicate", nullValue()) // proto3 JSON omits false.body("person_id", not(emptyString()))
                .extract().path("person_id");
        given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann")).body(call)
                .when().post("/api/v1/events")
                .then().statusCode(200).body("duplicate", is(true)).body("person_id", is(personId));

        given(gateway).contentType(ContentType.JSON).body(lookup("phone", "+336" + digits))
                .when().post("/api/v1/customers/lookup")
                .then().statusCode(200).body("person_id", is(personId));

        given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"question_id\": \"preferred-contact-time\", \"answer\": \"evenings\", \"answered_at\": \""
                        + Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS) + "\"}")
                .when().post("/api/v1/customers/" + personId + "/answers")
                .then().statusCode(200).body("answer.agent_id", is("ann"));

        given(gateway).when().get("/api/v1/customers/" + personId)
                .then().statusCode(200).body("profile.person_id", is(personId))
                .body("profile.recent_events.event_id", hasItem(eventId))
                .body("profile.answers.question_id", hasItem("preferred-contact-time"));
        given(gateway).queryParam("type", "CALL_CENTRE_CALL").when().get("/api/v1/customers/" + personId + "/events")
                .then().statusCode(200).body("events.event_id", hasItem(eventId))
                .body("events[0].agent_id", is("ann"));

        // profile's outbox forwards the accepted call to scoring, whose view of the customer follows
        Await.until(Duration.ofSeconds(30), () -> given(gateway).when().get("/api/v1/customers/" + personId
                + "/scores").statusCode() == 200, "scoring's view of " + personId + " through the gateway");
        given(gateway).when().get("/api/v1/customers/" + personId + "/scores")
                .then().statusCode(200).body("scores.person_id", is(personId))
                .body("scores.features.recency.event_type", hasItem("call_centre_call"));
        // the 360 itself carries the customer's value scores from scoring (RFM, profitability, churn)
        given(gateway).when().get("/api/v1/customers/" + personId).then().statusCode(200)
                .body("profile.person_id", is(personId)).body("value", org.hamcrest.Matchers.notNullValue())
                .body("value_unavailable", org.hamcrest.Matchers.nullValue());

        String future = call.replace(eventId, eventId + "-future").replaceFirst("\"occurred_at\": \"[^\"]+\"",
                "\"occurred_at\": \"" + Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\"");
        given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann")).body(future)
                .when().post("/api/v1/events")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("violations.field", hasItem("occurred_at"));
        given(gateway).auth().none().contentType(ContentType.JSON).header("X-Agent-Id", "agent-007").body(call)
                .when().post("/api/v1/events")
                .then().statusCode(401).contentType(PROBLEM_JSON);
        given(gateway).when().get("/api/v1/customers/no-such-person-" + UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM_JSON);
    }

    /** The body of a customer lookup: the identifier in proto3 JSON. */
    private static String lookup(String type, String value) {
        return "{\"type\": \"" + type + "\", \"value\": \"" + value + "\"}";
    }
}
