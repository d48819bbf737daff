package io.crowsnest.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.FreePort;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Next best actions through the gateway's HTTP API only, as a call-centre agent and an
 * administrator use them, against real identity, profile, scoring, contact governance and
 * decisioning: an administrator activates a contact policy and puts an upgrade offer and a
 * question in the catalogue; agents record what a customer holds (Accounts 1.2); the agent asks
 * for a decision and sees the upgrade with a reason naming the version the customer holds, while
 * a customer on 2.1 is not offered it; the customer answers the question, which is never proposed
 * again; bad requests answer problem+json.
 *
 * <p>A stack of its own (without alert-notification), on ports of its own, so it runs beside
 * {@link SuiteEndToEndTest} and a `make run`; named *Test so that `make test` runs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DecisionsThroughGatewayTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String UPGRADE = "accounts-upgrade";
    private static final String QUESTION = "payroll-question";
    private static final String QUESTION_ID = "runs-payroll";

    private static final String POLICY = """
            {"policy": {
              "policy_id": "e2e-decisions",
              "display_name": "End-to-end decisions",
              "default_time_zone": "Europe/Paris",
              "divisions": [
                {"division_id": "software", "display_name": "Software", "priority": 1},
                {"division_id": "cards", "display_name": "Cards", "priority": 2}],
              "frequency_caps": [
                {"rule_id": "global-weekly", "scope": "CAP_SCOPE_GLOBAL", "max_contacts": 5,
                 "window": {"length": 1, "unit": "WINDOW_UNIT_WEEKS"}}]},
             "change_note": "end-to-end decisions policy"}
            """;

    private static final String UPGRADE_ACTION = """
            {"action_id": "accounts-upgrade",
             "spec": {
               "kind": "ACTION_KIND_OFFER",
               "name": "Accounts 3.0 upgrade",
               "description": "Upgrade from Accounts 1.x to 3.0, which adds payroll",
               "eligibility_expression": "profile.products.exists(p, p.product_id == 'accounts' && p.version.startsWith('1.'))",
               "priority": 10,
               "channels": ["CHANNEL_PHONE"],
               "division": {"id": "software"},
               "contact_category": "CONTACT_CATEGORY_MARKETING",
               "product_id": "accounts",
               "reason_code": "OLD_VERSION_HELD",
               "reason_template": "Customer is on version {holdings.accounts.version} of Accounts; 3.0 adds payroll",
               "templates": [{"channel": "CHANNEL_PHONE",
                 "body": "{person.given_name} is on Accounts {holdings.accounts.version}: offer the upgrade to 3.0, which adds payroll."}]},
             "change_note": "autumn upgrade campaign"}
            """;

    private static final String QUESTION_ACTION = """
            {"action_id": "payroll-question",
             "spec": {
               "kind": "ACTION_KIND_QUESTION",
               "name": "Does the customer run payroll?",
               "description": "Ask whether the business pays employees",
               "channels": ["CHANNEL_PHONE"],
               "division": {"id": "software"},
               "question": {"question_id": "runs-payroll", "answer_type": "ANSWER_TYPE_YES_NO"}},
             "change_note": "know who needs payroll"}
            """;

    private static final String DECIDE = """
            {"channel": "CHANNEL_PHONE",
             "context": {"direction": "INTERACTION_DIRECTION_INBOUND", "division": {"id": "software"},
                         "placement": "call-centre:software-desk", "properties": {"call_reason": "invoice question"}},
             "max_actions": 3, "explain_rejected": true}
            """;

    private static LocalStack stack;
    private static RequestSpecification gateway;
    private static String customerOnOne;
    private static String firstDecision;

    @BeforeAll
    static void startStack() throws Exception {
        Path home = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
        Path stateDir = Path.of(System.getProperty("crowsnest.e2e.dir", "target/e2e")).toAbsolutePath()
                .resolveSibling("e2e-decisions");
        LocalStack.Options options = LocalStack.Options.defaults(home)
                .withPorts(new StackPorts(18180, 19180, FreePort.pick(), 16491))
                .withStateDir(stateDir, false)
                .withOnly(Set.of("identity", "profile", "scoring", "decisioning", "contact-governance", "gateway"));
        stack = LocalStack.start(options, System.out);
        gateway = GatewayAs.user(stack, "ada");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void administratorActivatesAPolicyAndFillsTheCatalogue() {
        given(gateway).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body(POLICY).when().post("/api/v1/admin/policies")
                .then().log().ifValidationFails().statusCode(201);
        given(gateway).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .when().post("/api/v1/admin/policies/e2e-decisions/versions/1/activate")
                .then().log().ifValidationFails().statusCode(200)
                .body("policy_version.state", is("POLICY_VERSION_STATE_ACTIVE"));

        for (String action : List.of(UPGRADE_ACTION, QUESTION_ACTION)) {
            given(gateway).contentType(ContentType.JSON).header("Idempotency-Key", key())
                    .body(action)
                    .when().post("/api/v1/admin/actions")
                    .then().log().ifValidationFails().statusCode(201).contentType(ContentType.JSON)
                    .header("Location", containsString("/api/v1/admin/actions/"))
                    .body("action.version", is(1))
                    .body("action.status", is("ACTION_STATUS_ACTIVE"))
                    .body("action.created_by", is("ada"));
        }
        given(gateway).queryParam("kind", "offer,question").when().get("/api/v1/admin/actions")
                .then().log().ifValidationFails().statusCode(200)
                .body("actions.action_id", hasItems(UPGRADE, QUESTION));
        given(gateway).queryParam("version", 1).when().get("/api/v1/admin/actions/{id}", UPGRADE)
                .then().log().ifValidationFails().statusCode(200)
                .body("action.spec.name", is("Accounts 3.0 upgrade")).body("latest_version", is(1));
        given(gateway).queryParam("action_id", UPGRADE).when().get("/api/v1/admin/actions/changes")
                .then().log().ifValidationFails().statusCode(200)
                .body("changes[0].kind", is("ACTION_CHANGE_KIND_CREATED"))
                .body("changes[0].actor", is("ada"));
    }

    @Test
    @Order(2)
    void anExpressionThatDoesNotCompileIsRefusedWithItsPosition() {
        given(gateway).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body(UPGRADE_ACTION.replace("\"accounts-upgrade\"", "\"accounts-typo\"")
                        .replace("profile.products.exists", "profile.prodcuts.exists"))
                .when().post("/api/v1/admin/actions")
                .then().log().ifValidationFails().statusCode(400).contentType(PROBLEM_JSON)
                .body("grpc_status", is("INVALID_ARGUMENT"))
                .body("violations.field", hasItem("spec.eligibility_expression"))
                .body("violations.find { it.field == 'spec.eligibility_expression' }.description", startsWith("1:"));
    }

    @Test
    @Order(3)
    void theAgentSeesTheUpgradeWithAReasonNamingTheVersionHeld() {
        customerOnOne = customerHolding("1.2", "Ann");
        Response decision = decide(customerOnOne);
        decision.then().body("actions.action_id", hasItems(UPGRADE, QUESTION))
                .body("actions.find { it.action_id == 'accounts-upgrade' }.reason.code", is("OLD_VERSION_HELD"))
                .body("actions.find { it.action_id == 'accounts-upgrade' }.reason.message",
                        is("Customer is on version 1.2 of Accounts; 3.0 adds payroll"))
                .body("actions.find { it.action_id == 'accounts-upgrade' }.content.body",
                        is("Ann is on Accounts 1.2: offer the upgrade to 3.0, which adds payroll."))
                .body("actions.find { it.action_id == 'accounts-upgrade' }.rank", is(1))
                .body("actions.find { it.action_id == 'accounts-upgrade' }.governance.allowed", is(true))
                .body("actions.find { it.action_id == 'payroll-question' }.question.question_id", is(QUESTION_ID));
        firstDecision = decision.path("decision_id");
        assertNotNull(firstDecision);
        assertFalse(firstDecision.isEmpty());
        decision.then().header("Location", endsWith("/api/v1/decisions/" + firstDecision));

        given(gateway).when().get("/api/v1/decisions/{id}", firstDecision)
                .then().log().ifValidationFails().statusCode(200)
                .body("decision.person_id", is(customerOnOne))
                .body("decision.context.agent_id", is("ann"))
                .body("decision.actions.action_id", hasItem(UPGRADE));
    }

    @Test
    @Order(4)
    void aCustomerOnANewerVersionIsNotOfferedTheUpgrade() {
        String customerOnTwo = customerHolding("2.1", "Bob");
        decide(customerOnTwo).then()
                .body("actions.action_id", not(hasItem(UPGRADE)))
                .body("actions.action_id", hasItem(QUESTION))
                .body("rejected.find { it.action_id == 'accounts-upgrade' }.reasons.code", hasItem("NOT_ELIGIBLE"));
    }

    @Test
    @Order(5)
    void anAnsweredQuestionIsNeverProposedAgain() {
        String decidedAt = given(gateway).when().get("/api/v1/decisions/{id}", firstDecision)
                .then().statusCode(200).extract().path("decision.decided_at");
        // the agent is the token's (ann), whatever a header claims
        given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann")).header("X-Agent-Id", "mallory")
                .header("Idempotency-Key", key())
                .body("{\"action_id\": \"" + QUESTION + "\", \"type\": \"OUTCOME_TYPE_ACCEPTED\", \"occurred_at\": \""
                        + decidedAt + "\", \"answer\": true}")
                .when().post("/api/v1/decisions/{id}/outcomes", firstDecision)
                .then().log().ifValidationFails().statusCode(200).contentType(ContentType.JSON)
                .body("outcome.type", is("OUTCOME_TYPE_ACCEPTED"))
                .body("outcome.agent_id", is("ann"))
                .body("answer_id", not(is("")));

        given(gateway).when().get("/api/v1/customers/{id}", customerOnOne)
                .then().statusCode(200).body("profile.answers.question_id", hasItem(QUESTION_ID));
        for (int call = 0; call < 2; call++) {
            decide(customerOnOne).then()
                    .body("actions.action_id", hasItem(UPGRADE))
                    .body("actions.action_id", not(hasItem(QUESTION)))
                    .body("rejected.find { it.action_id == 'payroll-question' }.reasons.code",
                            hasItem("QUESTION_ALREADY_ANSWERED"));
        }
        given(gateway).when().get("/api/v1/customers/{id}/decisions", customerOnOne)
                .then().log().ifValidationFails().statusCode(200)
                .body("decisions.size()", is(3))
                .body("decisions[2].decision_id", is(firstDecision))
                .body("decisions[2].outcomes[0].action_id", is(QUESTION));
    }

    @Test
    @Order(6)
    void badDecisionRequestsAnswerProblemJson() {
        agent().body(DECIDE.replace("CHANNEL_PHONE", "CHANNEL_TELEPATHY"))
                .when().post("/api/v1/customers/{id}/decisions", customerOnOne)
                .then().log().ifValidationFails().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations.field", hasItem("body"))
                .body("detail", containsString("CHANNEL_TELEPATHY"));
        String oversized = DECIDE.replace("\"invoice question\"", "\"" + "x".repeat(5_000) + "\"");
        agent().body(oversized)
                .when().post("/api/v1/customers/{id}/decisions", customerOnOne)
                .then().log().ifValidationFails().statusCode(400).contentType(PROBLEM_JSON)
                .body("grpc_status", is("INVALID_ARGUMENT"))
                .body("violations.field", hasItem(startsWith("context.properties")));
        agent().body(DECIDE).when().post("/api/v1/customers/{id}/decisions", "no-such-person-" + UUID.randomUUID())
                .then().log().ifValidationFails().statusCode(404).contentType(PROBLEM_JSON)
                .body("reason", is("PERSON_NOT_FOUND"));
        given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann")).body(DECIDE)
                .when().post("/api/v1/customers/{id}/decisions", customerOnOne)
                .then().statusCode(400).contentType(PROBLEM_JSON).body("violations.field", hasItem("Idempotency-Key"));
    }

    @Test
    @Order(7)
    void administratorWritesANewVersionThenRetiresTheOffer() {
        String version2 = UPGRADE_ACTION.replace("\"priority\": 10", "\"priority\": 20")
                .replace("\"change_note\": \"autumn upgrade campaign\"", "\"expected_version\": 1, "
                        + "\"change_note\": \"push the upgrade harder\"")
                .replace("\"action_id\": \"accounts-upgrade\",", "");
        given(gateway).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body(version2).when().put("/api/v1/admin/actions/{id}", UPGRADE)
                .then().log().ifValidationFails().statusCode(200)
                .body("action.version", is(2)).body("action.spec.priority", is(20));
        given(gateway).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body(version2).when().put("/api/v1/admin/actions/{id}", UPGRADE)
                .then().log().ifValidationFails().statusCode(409).contentType(PROBLEM_JSON)
                .body("reason", is("ACTION_VERSION_CONFLICT"));

        given(gateway).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"reason\": {\"code\": \"OFFER_ENDED\", \"message\": \"3.0 upgrade campaign over\"}}")
                .when().post("/api/v1/admin/actions/{id}/retire", UPGRADE)
                .then().log().ifValidationFails().statusCode(200)
                .body("action.status", is("ACTION_STATUS_RETIRED")).body("action.retired_by", is("ada"));
        given(gateway).queryParam("action_id", UPGRADE).when().get("/api/v1/admin/actions/changes")
                .then().log().ifValidationFails().statusCode(200)
                .body("changes.kind", is(List.of("ACTION_CHANGE_KIND_RETIRED", "ACTION_CHANGE_KIND_UPDATED",
                        "ACTION_CHANGE_KIND_CREATED")));
        decide(customerOnOne).then().body("actions.action_id", not(hasItem(UPGRADE)));
    }

    /** A new customer (a purchase recorded by an agent) who holds Accounts at {@code version}. */
    private static String customerHolding(String version, String givenName) {
        String email = givenName.toLowerCase() + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String purchase = """
                {"event_id": "cc:%s", "identifiers": [{"type": "email", "value": "%s"}],
                 "type": "EVENT_TYPE_PURCHASE", "channel": "CHANNEL_PHONE", "occurred_at": "%s",
                 "properties": {"order_id": "o-%s", "product_ids": ["accounts"]}}
                """.formatted(UUID.randomUUID(), email, Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS),
                UUID.randomUUID());
        String personId = given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann")).body(purchase)
                .when().post("/api/v1/events")
                .then().log().ifValidationFails().statusCode(200).extract().path("person_id");
        given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann")).header("Idempotency-Key", key())
                .body("""
                        {"attributes": {"given_name": "%s"}, "paths": ["given_name"],
                         "upsert_products": [{"product_id": "accounts", "name": "Accounts", "version": "%s",
                                              "division": {"id": "software"}}]}
                        """.formatted(givenName, version))
                .when().patch("/api/v1/customers/{id}/attributes", personId)
                .then().log().ifValidationFails().statusCode(200).body("person_id", is(personId));
        return personId;
    }

    private static Response decide(String personId) {
        return agent().body(DECIDE).when().post("/api/v1/customers/{id}/decisions", personId)
                .then().log().ifValidationFails().statusCode(201).contentType(ContentType.JSON)
                .body("person_id", is(personId)).extract().response();
    }

    private static RequestSpecification agent() {
        return given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann"))
                .header("Idempotency-Key", key());
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    @Order(8)
    void twoDecisioningInstancesLearnAsOneAndALaterOneStartsFromWhatWasLearned() throws Exception {
        TwoDecisioningInstances.run(stack);
    }
}
