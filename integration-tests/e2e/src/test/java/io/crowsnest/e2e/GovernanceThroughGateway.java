package io.crowsnest.e2e;

import io.crowsnest.localstack.LocalStack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Contact governance through the gateway's HTTP API, as a call-centre agent and an administrator
 * use it: a policy is written and activated, an agent reads a customer's contact status, records
 * an opt-out and sees it take effect, and bad requests answer problem+json.
 *
 * <p>Not a test class of its own: starting a stack takes a minute, so {@link SuiteEndToEndTest}
 * runs these checks against the stack it already started.
 */
final class GovernanceThroughGateway {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PERSON = "e2e-ann";

    private static final String STANDARD_POLICY = """
            {"policy": {
              "policy_id": "e2e-standard",
              "display_name": "End-to-end standard",
              "default_time_zone": "Europe/Paris",
              "divisions": [
                {"division_id": "cards", "display_name": "Cards", "priority": 1},
                {"division_id": "travel", "display_name": "Travel", "priority": 2}],
              "frequency_caps": [
                {"rule_id": "global-weekly", "scope": "CAP_SCOPE_GLOBAL", "max_contacts": 3,
                 "window": {"length": 1, "unit": "WINDOW_UNIT_WEEKS"}},
                {"rule_id": "email-weekly", "scope": "CAP_SCOPE_CHANNEL", "channel": "CHANNEL_EMAIL",
                 "max_contacts": 1, "window": {"length": 1, "unit": "WINDOW_UNIT_WEEKS"}}],
              "consent": {"opt_in_required": [
                {"channel": "CHANNEL_SMS", "purpose": "CONSENT_PURPOSE_MARKETING"}]}},
             "change_note": "end-to-end standard policy"}
            """;

    private static final String POLICY_WITH_ZERO_CAP = """
            {"policy": {
              "policy_id": "e2e-zero-cap",
              "display_name": "End-to-end invalid",
              "default_time_zone": "Europe/Paris",
              "divisions": [{"division_id": "cards", "display_name": "Cards", "priority": 1}],
              "frequency_caps": [
                {"rule_id": "global-weekly", "scope": "CAP_SCOPE_GLOBAL", "max_contacts": 0,
                 "window": {"length": 1, "unit": "WINDOW_UNIT_WEEKS"}}]}}
            """;

    private static final String OPT_OUT_OF_EMAIL_MARKETING = """
            {"changes": [{"channel": "CHANNEL_EMAIL", "purpose": "CONSENT_PURPOSE_MARKETING",
                          "status": "CONSENT_STATUS_OPTED_OUT"}],
             "note": "customer asked by phone"}
            """;

    private GovernanceThroughGateway() {
    }

    static void run(LocalStack stack) {
        RequestSpecification gateway = GatewayAs.user(stack, "ada");

        administratorWritesAndActivatesAPolicy(gateway);
        agentSeesEmailAllowedAndSmsWaitingForAnOptIn(gateway);
        agentRecordsAnOptOutThatTakesEffectAtOnce(gateway);
        consentChangeWithoutATokenIsRefusedWhateverTheHeadersClaim(gateway);
        unknownChannelIsRefused(gateway);
        contactHistoryOfACustomerNeverContactedIsEmpty(gateway);
        policyWithAZeroCapIsRefusedWithTheFieldPath(gateway);
        policyListShowsTheGoverningVersion(gateway);
    }

    private static void administratorWritesAndActivatesAPolicy(RequestSpecification gateway) {
        given().spec(gateway).contentType(ContentType.JSON)
                .header("Idempotency-Key", key())
                .body(STANDARD_POLICY)
                .when().post("/api/v1/admin/policies")
                .then().log().ifValidationFails()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", containsString("/api/v1/admin/policies/e2e-standard/versions/1"))
                .body("policy_version.policy.policy_id", is("e2e-standard"))
                .body("policy_version.version", is("1"))
                .body("policy_version.state", is("POLICY_VERSION_STATE_DRAFT"));

        given().spec(gateway).contentType(ContentType.JSON)
                .header("Idempotency-Key", key())
                .body("{\"change_note\": \"end-to-end go-live\"}")
                .when().post("/api/v1/admin/policies/e2e-standard/versions/1/activate")
                .then().log().ifValidationFails()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("policy_version.version", is("1"))
                .body("policy_version.state", is("POLICY_VERSION_STATE_ACTIVE"));
    }

    private static void agentSeesEmailAllowedAndSmsWaitingForAnOptIn(RequestSpecification gateway) {
        given().spec(gateway)
                .queryParam("division", "cards").queryParam("channels", "EMAIL,SMS")
                .when().get("/api/v1/customers/{personId}/contact-status", PERSON)
                .then().log().ifValidationFails()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("person_id", is(PERSON))
                .body("division", is("cards"))
                .body("category", is("MARKETING"))
                .body("channels.channel", is(List.of("EMAIL", "SMS")))
                .body("channels.find { it.channel == 'EMAIL' }.allowed", is(true))
                .body("channels.find { it.channel == 'EMAIL' }.verdict.allowed", is(true))
                .body("channels.find { it.channel == 'SMS' }.allowed", is(false))
                .body("channels.find { it.channel == 'SMS' }.reasons", hasItem(containsString("opt-in")))
                .body("channels.find { it.channel == 'SMS' }.verdict.violations.kind",
                        hasItem("RULE_KIND_OPT_IN_REQUIRED"));
    }

    private static void agentRecordsAnOptOutThatTakesEffectAtOnce(RequestSpecification gateway) {
        given().spec(gateway).contentType(ContentType.JSON)
                .auth().oauth2(GatewayAs.token("ann")).header("Idempotency-Key", key())
                .body(OPT_OUT_OF_EMAIL_MARKETING)
                .when().put("/api/v1/customers/{personId}/consents", PERSON)
                .then().log().ifValidationFails()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("consents.person_id", is(PERSON))
                .body("consents.revision", is("1"))
                .body("consents.channel_consents.find { it.channel == 'CHANNEL_EMAIL' }.status",
                        is("CONSENT_STATUS_OPTED_OUT"))
                .body("consents.channel_consents.find { it.channel == 'CHANNEL_EMAIL' }.source", is("call-centre"))
                .body("consents.channel_consents.find { it.channel == 'CHANNEL_EMAIL' }.agent_id", is("ann"));

        given().spec(gateway)
                .when().get("/api/v1/customers/{personId}/consents", PERSON)
                .then().log().ifValidationFails()
                .statusCode(200)
                .body("consents.revision", is("1"));

        given().spec(gateway)
                .queryParam("division", "cards").queryParam("channels", "email")
                .when().get("/api/v1/customers/{personId}/contact-status", PERSON)
                .then().log().ifValidationFails()
                .statusCode(200)
                .body("channels[0].channel", is("EMAIL"))
                .body("channels[0].allowed", is(false))
                .body("channels[0].reasons", hasItem(containsString("opted out")));
    }

    private static void consentChangeWithoutATokenIsRefusedWhateverTheHeadersClaim(RequestSpecification gateway) {
        given().spec(gateway).auth().none().contentType(ContentType.JSON)
                .header("Idempotency-Key", key()).header("X-Agent-Id", "agent.7")
                .body(OPT_OUT_OF_EMAIL_MARKETING)
                .when().put("/api/v1/customers/{personId}/consents", PERSON)
                .then().log().ifValidationFails()
                .statusCode(401)
                .contentType(PROBLEM_JSON)
                .body("status", is(401));
    }

    private static void unknownChannelIsRefused(RequestSpecification gateway) {
        given().spec(gateway)
                .queryParam("division", "cards").queryParam("channels", "CARRIER_PIGEON")
                .when().get("/api/v1/customers/{personId}/contact-status", PERSON)
                .then().log().ifValidationFails()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", is(400))
                .body("violations.field", hasItem("channels"))
                .body("detail", containsString("CARRIER_PIGEON"));
    }

    private static void contactHistoryOfACustomerNeverContactedIsEmpty(RequestSpecification gateway) {
        Response history = given().spec(gateway)
                .when().get("/api/v1/customers/{personId}/contact-history", PERSON)
                .then().log().ifValidationFails()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract().response();
        List<Object> entries = history.jsonPath().getList("entries");
        assertTrue(entries == null || entries.isEmpty(), "no contact history yet: " + history.asString());
    }

    private static void policyWithAZeroCapIsRefusedWithTheFieldPath(RequestSpecification gateway) {
        given().spec(gateway).contentType(ContentType.JSON)
                .header("Idempotency-Key", key())
                .body(POLICY_WITH_ZERO_CAP)
                .when().post("/api/v1/admin/policies")
                .then().log().ifValidationFails()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("grpc_status", is("INVALID_ARGUMENT"))
                .body("violations.field", hasItem("policy.frequency_caps[0].max_contacts"));
    }

    private static void policyListShowsTheGoverningVersion(RequestSpecification gateway) {
        given().spec(gateway)
                .when().get("/api/v1/admin/policies")
                .then().log().ifValidationFails()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("policies.policy_id", hasItem("e2e-standard"))
                .body("policies.find { it.policy_id == 'e2e-standard' }.active_version", is("1"))
                .body("governing.policy_id", is("e2e-standard"))
                .body("governing.version", is("1"));
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
