package io.crowsnest.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.Await;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A customer every service knows, made through the gateway as agents and administrators make one:
 * a caller identified by email, phone and CRM number, and a web visitor (cookie) merged into them
 * when a visit carries the cookie with the CRM number, with an attribute, an answer, a consent, a
 * segment membership (scores), a lead offered to a team, a decision with an outcome (a reservation
 * and a contact in the ledger), a campaign that puts the customer on a team's call list (an alert),
 * and reads of the 360 (the access audit).
 *
 * @param personId       the surviving person id
 * @param mergedId       the anonymous person merged into it
 * @param identifiers    the raw identifier values (email, phone, CRM number, cookie)
 * @param distinctValues values only this customer has (an attribute value, an answer's text, a consent note)
 */
record KnownEverywhere(String personId, String mergedId, List<String> identifiers, List<String> distinctValues) {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** 200 for a change, 201 for something new: the setup may find either. */
    private static final org.hamcrest.Matcher<Integer> OK = org.hamcrest.Matchers.oneOf(200, 201);

    static KnownEverywhere create(LocalStack stack) {
        RequestSpecification admin = GatewayAs.builder(stack, "ada").setContentType(ContentType.JSON).build();
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String cookie = "scan-ck-" + tag;
        String email = "scan." + tag + "@example.com";
        // +33 61 is an allocated French mobile range; +33 6 with any eight digits is not (e.g. 639, 69x
        // are refused by libphonenumber, which once failed the run with IDENTIFIER_INVALID)
        String phone = "+3361" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        String crm = "scan-crm-" + tag;
        String attributeValue = "attr-value-" + UUID.randomUUID().toString().substring(0, 13);
        String answerText = "answer-text-" + UUID.randomUUID().toString().substring(0, 13);
        String consentNote = "consent-note-" + UUID.randomUUID().toString().substring(0, 13);
        String attribute = "scan_" + tag;
        String team = "scan-desk-" + tag;
        String segment = "scan-" + tag;

        // a team with its lead rule and call list, and a segment of those carrying the attribute
        given(admin).body("{\"display_name\": \"Scan desk\", \"members\": [{\"agent_id\": \"ann\", "
                + "\"role\": \"TEAM_ROLE_AGENT\"}]}").when().put("/api/v1/admin/teams/" + team)
                .then().log().ifValidationFails().statusCode(OK);
        given(admin).body("{\"on_duty\": true}").when().put("/api/v1/admin/teams/" + team + "/members/ann/on-duty")
                .then().log().ifValidationFails().statusCode(OK);
        given(admin).header("Idempotency-Key", key())
                .body("{\"system\": {\"system_id\": \"" + segment + "\", \"display_name\": \"Scan\"}}")
                .when().put("/api/v1/admin/scoring/systems").then().log().ifValidationFails().statusCode(OK);
        given(admin).header("Idempotency-Key", key())
                .body("{\"segment\": {\"segment_id\": \"" + segment + "\", \"system_id\": \"" + segment
                        + "\", \"display_name\": \"Scan\", \"priority\": 1, \"expression\": \"'custom." + attribute
                        + "' in attributes\"}}")
                .when().put("/api/v1/admin/scoring/segments").then().log().ifValidationFails().statusCode(OK);
        given(admin).body("{\"display_name\": \"Scan leads\", \"segment_id\": \"" + segment + "\", \"team_id\": \""
                + team + "\", \"max_per_hour\": 20, \"severity\": \"ALERT_SEVERITY_INFO\", \"enabled\": true}")
                .when().put("/api/v1/admin/lead-rules/" + segment).then().log().ifValidationFails().statusCode(OK);
        String action = "scan-offer-" + tag;
        given(admin).header("Idempotency-Key", key()).body("""
                {"action_id": "%s", "spec": {"kind": "ACTION_KIND_OFFER", "name": "Scan offer",
                  "description": "An offer for the erasure scan", "priority": 1, "channels": ["CHANNEL_PHONE"],
                  "division": {"id": "cards"}, "contact_category": "CONTACT_CATEGORY_MARKETING",
                  "reason_code": "SCAN", "reason_template": "Offered for the erasure scan",
                  "eligibility_expression": "'%s' in segments",
                  "templates": [{"channel": "CHANNEL_PHONE", "body": "Offer the scan card."}]},
                 "change_note": "erasure scan"}""".formatted(action, segment))
                .when().post("/api/v1/admin/actions").then().log().ifValidationFails().statusCode(OK);

        // a call identifies the customer; a web visit makes an anonymous visitor, merged into the
        // customer when a later visit carries the cookie and the CRM number together
        String personId = event(admin, "EVENT_TYPE_CALL_CENTRE_CALL", "CHANNEL_PHONE",
                "{\"type\": \"email\", \"value\": \"" + email + "\"}, {\"type\": \"phone\", \"value\": \""
                        + phone + "\"}, {\"type\": \"crm\", \"value\": \"" + crm + "\"}");
        String mergedId = event(admin, "EVENT_TYPE_PAGE_VIEW", "CHANNEL_WEB", "{\"type\": \"cookie\", \"value\": \""
                + cookie + "\"}");
        assertEquals(personId, event(admin, "EVENT_TYPE_PAGE_VIEW", "CHANNEL_WEB", "{\"type\": \"cookie\", "
                + "\"value\": \"" + cookie + "\"}, {\"type\": \"crm\", \"value\": \"" + crm + "\"}"),
                "the visitor is merged into the customer");
        assertNotEquals(personId, mergedId);
        given(admin).auth().oauth2(GatewayAs.token("ann")).when().get("/api/v1/customers/" + personId)
                .then().log().ifValidationFails().statusCode(OK);
        given(admin).auth().oauth2(GatewayAs.token("ann")).header("Idempotency-Key", key())
                .body("{\"attributes\": {\"custom\": {\"" + attribute + "\": \"" + attributeValue + "\"}}, "
                        + "\"paths\": [\"custom." + attribute + "\"], \"source\": \"crm\"}")
                .when().patch("/api/v1/customers/" + personId + "/attributes").then().log().ifValidationFails()
                .statusCode(OK);
        given(admin).auth().oauth2(GatewayAs.token("ann")).header("Idempotency-Key", key())
                .body("{\"question_id\": \"scan-question\", \"answer\": \"" + answerText + "\", \"answered_at\": \""
                        + Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS) + "\"}")
                .when().post("/api/v1/customers/" + personId + "/answers").then().log().ifValidationFails().statusCode(OK);
        given(admin).auth().oauth2(GatewayAs.token("ann")).header("Idempotency-Key", key())
                .body("{\"changes\": [{\"channel\": \"CHANNEL_SMS\", \"purpose\": \"CONSENT_PURPOSE_MARKETING\", "
                        + "\"status\": \"CONSENT_STATUS_OPTED_IN\"}], \"note\": \"" + consentNote + "\"}")
                .when().put("/api/v1/customers/" + personId + "/consents").then().log().ifValidationFails()
                .statusCode(OK);

        // scoring puts the customer in the segment once profile's attributes reach it; the rule makes a lead
        Await.until(PATIENCE, () -> given(admin).when().get("/api/v1/customers/" + personId + "/scores").then()
                .extract().asString(), body -> body.contains("\"" + segment + "\""), personId + " enters " + segment);
        Await.until(PATIENCE, () -> given(admin).queryParam("status", "OFFERED").when()
                .get("/api/v1/teams/" + team + "/leads").then().extract().asString(),
                body -> body.contains(personId), "a lead for " + personId + " reaches " + team);

        // the agent decides and presents the offer: a reservation, then a contact in the ledger
        String decision = given(admin).auth().oauth2(GatewayAs.token("ann")).header("Idempotency-Key", key())
                .body("{\"channel\": \"CHANNEL_PHONE\", \"context\": {\"direction\": \"INTERACTION_DIRECTION_INBOUND\", "
                        + "\"division\": {\"id\": \"cards\"}}, \"max_actions\": 3}")
                .when().post("/api/v1/customers/" + personId + "/decisions").then().log().ifValidationFails()
                .statusCode(OK).body("actions.action_id", hasItem(action)).extract().path("decision_id");
        given(admin).auth().oauth2(GatewayAs.token("ann")).header("Idempotency-Key", key())
                .body("{\"action_id\": \"" + action + "\", \"type\": \"OUTCOME_TYPE_PRESENTED\", \"occurred_at\": \""
                        + Instant.now() + "\"}")
                .when().post("/api/v1/decisions/" + decision + "/outcomes").then().log().ifValidationFails()
                .statusCode(OK);

        // a campaign to the segment puts the customer on the team's call list
        String campaign = given(admin).header("Idempotency-Key", key()).body("""
                {"spec": {"name": "Scan campaign", "division": {"id": "cards"},
                  "audience": {"segment_id": "%s"}, "action_ids": ["%s"], "channels": ["CHANNEL_PHONE"],
                  "call_list_team_id": "%s", "schedule": {"mode": "CAMPAIGN_MODE_ONE_OFF"},
                  "send_window": {"start_minute_of_day": 0, "end_minute_of_day": 1440, "default_time_zone": "UTC",
                    "days": ["WEEKDAY_MONDAY", "WEEKDAY_TUESDAY", "WEEKDAY_WEDNESDAY", "WEEKDAY_THURSDAY",
                             "WEEKDAY_FRIDAY", "WEEKDAY_SATURDAY", "WEEKDAY_SUNDAY"]}}}"""
                .formatted(segment, action, team))
                .when().post("/api/v1/admin/campaigns").then().log().ifValidationFails().statusCode(OK)
                .extract().path("campaign_id");
        Await.until(PATIENCE, () -> String.valueOf(given(admin).when().get("/api/v1/admin/campaigns/" + campaign)
                .then().log().ifValidationFails().statusCode(OK).extract().<Object>path("campaign.progress.processed_count")),
                "1"::equals, "campaign " + campaign + " processes " + personId);
        Await.until(PATIENCE, () -> given(admin).auth().oauth2(GatewayAs.token("ann")).queryParam("person_id", personId)
                .when().get("/api/v1/inbox").then().extract().asString(),
                body -> body.contains(campaign), "the call to " + personId + " reaches the team's queue");

        return new KnownEverywhere(personId, mergedId, List.of(email, phone, crm, cookie),
                List.of(attributeValue, answerText, consentNote));
    }

    /** Everything the scan looks for: both person ids, every identifier and every distinct value. */
    List<String> traces() {
        List<String> traces = new java.util.ArrayList<>(List.of(personId, mergedId));
        traces.addAll(identifiers);
        traces.addAll(distinctValues);
        return List.copyOf(traces);
    }

    private static String event(RequestSpecification admin, String type, String channel, String identifiers) {
        return given(admin).auth().oauth2(GatewayAs.token("ann")).body("""
                {"event_id": "scan:%s", "identifiers": [%s], "type": "%s", "channel": "%s", "occurred_at": "%s"}"""
                .formatted(UUID.randomUUID(), identifiers, type, channel,
                        Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS)))
                .when().post("/api/v1/events").then().log().ifValidationFails().statusCode(OK)
                .extract().path("person_id");
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
