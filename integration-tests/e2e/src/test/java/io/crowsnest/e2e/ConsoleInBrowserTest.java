package io.crowsnest.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.CampaignBriefing;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.ManagedChannel;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The agent console in a real browser (headless Chromium) against the whole suite and its Keycloak,
 * loaded with the demo data set of {@code make run} through the same importer: ann signs in on Keycloak's page, finds a customer by email, sees the upgrade to propose with its
 * script and reason, records that the customer accepted, receives a briefing live and acknowledges
 * it in the inbox; the administration, audit and supervisor pages are refused to her; the demo's
 * most profitable customer is flagged as such on the page and in the 360 of the API; sue, a
 * supervisor, sees the demo's running campaign charted with its funnel and uplift, the contact
 * pressure by division and channel over every contact in the ledger (an email another system
 * recorded counts, in the API and on the page) and the leads by team. The screenshots in docs/console are
 * taken here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInBrowserTest {

    private static LocalStack stack;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static String base;
    private static Path docs;
    /** Clara Novak of the demo data set: a software customer on Accounts 1.2. */
    private static final String EMAIL = "clara.novak@example.com";

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        Path home = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
        docs = home.resolve("docs/console");
        Path stateDir = Path.of(System.getProperty("crowsnest.e2e.dir", "target/e2e")).toAbsolutePath()
                .resolveSibling("e2e-console");
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        stack = LocalStack.start(LocalStack.Options.defaults(home)
                .withPorts(new StackPorts(18480, 19480, FreePort.pick(), 16791)).withStateDir(stateDir, false),
                System.out);
        base = "http://localhost:" + stack.gatewayPort();
        // the data make run loads, through the same importer and the public API
        stack.loadDemoData(System.out);
        RequestSpecification ann = GatewayAs.user(stack, "ann");
        given(ann).contentType(ContentType.JSON).body("{\"type\": \"email\", \"value\": \"" + EMAIL + "\"}")
                .when().post("/api/v1/customers/lookup").then().statusCode(200);
        given(GatewayAs.user(stack, "ada")).when().get("/api/v1/admin/actions/accounts-upgrade").then()
                .statusCode(200);
        // the population segment an audience expression is evaluated over, as decisioning expects it
        given(GatewayAs.user(stack, "ada")).when().get("/api/v1/admin/scoring/segments/population").then()
                .statusCode(200).body("segment.expression", is("true"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void anAgentSignsInFindsACustomerAndSeesWhatToProposeAndWhy() throws Exception {
        browser.get(base + "/console");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        Browser.screenshot(browser, docs, "sign-in.png");
        browser.findElement(By.id("username")).sendKeys("ann");
        browser.findElement(By.id("password")).sendKeys("ann");
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.textToBe(By.id("signed-in"), "ann"));

        new Select(browser.findElement(By.id("type"))).selectByValue("email");
        browser.findElement(By.id("value")).sendKeys(EMAIL);
        browser.findElement(By.cssSelector("form.search button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("customer-name"), "Clara Novak"));
        assertFalse(browser.getCurrentUrl().contains(EMAIL), "the email is not in the URL");
        assertFalse(browser.getPageSource().contains(EMAIL), "the email is shown masked only");
        WebElement upgrade = browser.findElement(By.cssSelector("li.action[data-action-id='accounts-upgrade']"));
        assertTrue(upgrade.getText().contains("Customer is on version 1.2 of Accounts; 3.0 adds payroll"),
                upgrade.getText());
        assertTrue(upgrade.getText().contains("Clara is on Accounts 1.2: offer the upgrade to 3.0, which adds payroll."),
                upgrade.getText());
        assertTrue(browser.findElement(By.id("products")).getText().contains("Accounts v1.2"));
        assertTrue(browser.findElement(By.id("contact-status")).getText().contains("PHONE"));
        Browser.screenshot(browser, docs, "customer.png");

        upgrade.findElement(By.cssSelector("button[value='ACCEPTED']")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(upgrade, "Outcome accepted — recorded."));

        // the demo's yes/no question: the answer is recorded in profile, on the 360 of the API too
        WebElement question = browser.findElement(By.cssSelector("li.action[data-action-id='payroll-question']"));
        question.findElement(By.cssSelector("form.answer button[value='true']")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(question, "Answer “yes” — recorded."));
        String personId = given(GatewayAs.user(stack, "ann")).contentType(ContentType.JSON)
                .body("{\"type\": \"email\", \"value\": \"" + EMAIL + "\"}").when().post("/api/v1/customers/lookup")
                .then().statusCode(200).extract().path("person_id");
        given(GatewayAs.user(stack, "ann")).when().get("/api/v1/customers/" + personId).then().statusCode(200)
                .body("profile.answers.question_id", org.hamcrest.Matchers.hasItem("runs-payroll"));
    }

    @Test
    @Order(2)
    void aBriefingArrivesLiveAndIsAcknowledgedInTheInbox() throws Exception {
        browser.get(base + "/console/inbox");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inbox")));
        Alert alert = publishBriefingTo("ann");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#alert-list li[data-alert-id='" + alert.getAlertId() + "']")));
        assertTrue(browser.findElement(By.id("alert-list")).getText().contains("Campaign starting: Accounts 3.0"));

        browser.navigate().refresh();
        WebElement item = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#inbox li[data-alert-id='" + alert.getAlertId() + "']")));
        item.findElement(By.name("note")).sendKeys("will mention it on calls");
        Browser.screenshot(browser, docs, "inbox.png");
        item.findElement(By.cssSelector("form button")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(item, "Acknowledged — recorded."));
        browser.navigate().refresh();
        assertTrue(browser.findElement(By.cssSelector("#inbox li[data-alert-id='" + alert.getAlertId() + "']"))
                .getText().contains("Acknowledged: will mention it on calls"));
    }

    @Test
    @Order(3)
    void anAgentCannotOpenTheAdministrationOrTheAudit() {
        for (String page : new String[] {"/console/admin", "/console/audit", "/console/supervisor"}) {
            browser.get(base + page);
            assertEquals("Not for your role", browser.findElement(By.id("forbidden")).getText());
        }
        browser.get(base + "/console");
        assertTrue(browser.findElements(By.linkText("Administration")).isEmpty());
        assertTrue(browser.findElements(By.linkText("Supervisor")).isEmpty());
    }

    /** Malik Haddad of the demo data: two Gold card years paid, scoring's most profitable tier. */
    @Test
    @Order(4)
    void theMostProfitableCustomerIsFlaggedOnThePageAndInTheApi() {
        RequestSpecification ann = GatewayAs.user(stack, "ann");
        String malik = given(ann).contentType(ContentType.JSON)
                .body("{\"type\": \"email\", \"value\": \"malik.haddad@example.com\"}")
                .when().post("/api/v1/customers/lookup").then().statusCode(200).extract().path("person_id");
        // scoring ranks him once his purchases reached it and its population snapshot counts them
        Await.until(Duration.ofSeconds(60), () -> given(ann).when().get("/api/v1/customers/" + malik).then()
                .statusCode(200).extract().<Boolean>path("value_rank.most_profitable"), Boolean.TRUE::equals,
                "the 360 of " + malik + " ranks him among the most profitable");
        given(ann).when().get("/api/v1/customers/" + malik).then().statusCode(200)
                .body("value.profitability.tier_id", is("high")).body("value_rank.tier_rank", is(1))
                .body("value_rank.sentence", startsWith("One of our most profitable customers: tier high, the top"));
        browser.get(base + "/console/customers/" + malik);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("customer-name"), "Malik Haddad"));
        assertTrue(browser.findElement(By.id("value-tier")).getText().contains("One of our most profitable customers"),
                browser.findElement(By.id("value-tier")).getText());
    }

    @Test
    @Order(5)
    void aSupervisorSeesTheCampaignsPressureAndLeadsCharted() throws Exception {
        // the demo's campaign starts at once (its calls wait for tomorrow's send window)
        RequestSpecification sue = GatewayAs.user(stack, "sue");
        // generous: on a loaded machine the runner's first pass (briefing, then RUNNING) can be slow;
        // a failure shows every campaign with its status and waiting reason
        Await.until(Duration.ofSeconds(180), () -> given(sue).queryParam("status", "RUNNING").when()
                .get("/api/v1/admin/campaigns").then().statusCode(200).extract().asString()
                .contains("Travel insurance for card holders"),
                () -> "the demo campaign runs; the campaigns: " + given(sue).when().get("/api/v1/admin/campaigns")
                        .then().extract().asString());

        // a contact another system made, recorded in contact governance's ledger: the pressure counts it
        long before = insuranceEmails(sue);
        recordExternalEmail("e2e-pressure-" + UUID.randomUUID().toString().substring(0, 8), "insurance");
        long contacts = insuranceEmails(sue);
        assertEquals(before + 1, contacts, "the external contact counts in the contact pressure");

        // ann signs out (at the provider too), sue signs in
        browser.get(base + "/console/logout");
        browser.get(base + "/console/supervisor");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys("sue");
        browser.findElement(By.id("password")).sendKeys("sue");
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.textToBe(By.id("signed-in"), "sue"));
        if (!browser.getCurrentUrl().endsWith("/console/supervisor")) {
            browser.get(base + "/console/supervisor");
        }
        WebElement campaign = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#campaigns article.campaign")));
        assertTrue(campaign.getText().contains("Travel insurance for card holders"), campaign.getText());
        assertTrue(campaign.getText().contains("running"), campaign.getText());
        // the funnel: one bar per step from the audience to the conversions, each with its count and share
        // (its calls wait for tomorrow's send window, so how far it has come depends on the hour)
        List<WebElement> bars = campaign.findElements(By.cssSelector("svg.funnel rect"));
        assertEquals(5, bars.size());
        assertTrue(campaign.findElement(By.cssSelector("svg.funnel text[data-step='Audience']")).getText()
                .matches("\\d+ · \\d+ %"), campaign.getText());
        assertFalse(campaign.findElements(By.cssSelector("svg.uplift line.zero")).isEmpty(), "the uplift's axis");
        assertTrue(campaign.findElement(By.cssSelector("[data-refused]")).getText()
                .matches("· \\d+ refused by contact governance .*"), campaign.getText());
        WebElement pressure = browser.findElement(By.id("pressure"));
        assertTrue(pressure.getText().contains("Contact pressure by division and channel"), pressure.getText());
        assertTrue(pressure.findElement(By.id("pressure-scope")).getText().startsWith("Every contact made from ")
                && pressure.getText().contains("(the last 7 days)"), pressure.getText());
        assertEquals(contacts + (contacts == 1 ? " contact" : " contacts") + " · ",
                pressure.findElement(By.cssSelector("svg text[data-row='insurance · email']")).getText()
                        .replaceAll("\\d+ persons?$", ""), pressure.getText());
        assertTrue(pressure.findElement(By.id("pressure-total")).getText().matches(
                "In total \\d+ contacts? reached \\d+ distinct persons?\\."), pressure.getText());
        assertTrue(browser.findElement(By.id("leads")).getText().contains("Cards desk"),
                browser.findElement(By.id("leads")).getText());
        Browser.screenshot(browser, docs, "supervisor.png");
    }

    /** The contacts of division insurance on email the gateway's contact pressure counts (last 7 days). */
    private static long insuranceEmails(RequestSpecification supervisor) {
        List<java.util.Map<String, Object>> rows = given(supervisor).queryParam("division", "insurance")
                .queryParam("channel", "email").when().get("/api/v1/contact-pressure").then().statusCode(200)
                .extract().jsonPath().getList("pressure");
        return rows == null || rows.isEmpty() ? 0 : Long.parseLong((String) rows.get(0).get("contacts"));
    }

    /** An email another system sent an hour ago, recorded in contact governance as delivered. */
    private static void recordExternalEmail(String person, String division) {
        ManagedChannel channel = SignedChannels.to(stack.grpcPort("contact-governance"));
        try {
            ContactGovernanceServiceGrpc.newBlockingStub(channel).recordExternalContact(
                    RecordExternalContactRequest.newBuilder().setContact(ContactRequest.newBuilder()
                            .setPerson(PersonRef.newBuilder().setPersonId(person)).setChannel(Channel.CHANNEL_EMAIL)
                            .setDivision(DivisionRef.newBuilder().setId(division))
                            .setCategory(ContactCategory.CONTACT_CATEGORY_SERVICE).setRequestingSystem("e2e-mailer"))
                            .setContactedAt(ts(Instant.now().minus(Duration.ofHours(1))))
                            .setInitialOutcome(ContactOutcome.CONTACT_OUTCOME_DELIVERED)
                            .setIdempotencyKey(UUID.randomUUID().toString()).build());
        } finally {
            channel.shutdownNow();
        }
    }

    private static Alert publishBriefingTo(String agent) {
        ManagedChannel channel = SignedChannels.to(stack.grpcPort("alert-notification"));
        try {
            Instant start = Instant.now().plus(Duration.ofDays(1));
            return AlertNotificationServiceGrpc.newBlockingStub(channel).publishAlert(PublishAlertRequest.newBuilder()
                    .setRecipient(AlertRecipient.newBuilder().setAgentId(agent))
                    .setKind(AlertKind.ALERT_KIND_CAMPAIGN_BRIEFING).setSeverity(AlertSeverity.ALERT_SEVERITY_INFO)
                    .setTitle("Campaign starting: Accounts 3.0 upgrade").setCampaignId("accounts-3")
                    .setReason(Reason.newBuilder().setCode("CAMPAIGN_LAUNCHED").setMessage("launched by software"))
                    .setBriefing(CampaignBriefing.newBuilder().setCampaignName("Accounts 3.0 upgrade")
                            .setAudienceSize(420).setAudienceDescription("customers on Accounts 1.x")
                            .setOffer("3.0 with payroll at the 1.x price for a year").addChannels(Channel.CHANNEL_PHONE)
                            .setStartsAt(ts(start)).setEndsAt(ts(start.plus(Duration.ofDays(14))))
                            .addTalkingPoints("Payroll included").setHowToRespond("Record the outcome on the customer"))
                    .setSource("decisioning").setIdempotencyKey(UUID.randomUUID().toString()).build()).getAlert();
        } finally {
            channel.shutdownNow();
        }
    }

    private static com.google.protobuf.Timestamp ts(Instant at) {
        return com.google.protobuf.Timestamp.newBuilder().setSeconds(at.getEpochSecond()).build();
    }
}
