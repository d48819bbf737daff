package io.crowsnest.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import io.crowsnest.common.v1.Reason;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.ManagedChannel;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The agent console in a real browser (headless Chromium) against the whole suite and its Keycloak,
 * loaded with the demo data set of {@code make run} through the same importer: ann signs in on Keycloak's page, finds a customer by email, sees the upgrade to propose with its
 * script and reason, records that the customer accepted, receives a briefing live and acknowledges
 * it in the inbox; the administration page is refused to her. The screenshots in docs/console are
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
        for (String page : new String[] {"/console/admin", "/console/audit"}) {
            browser.get(base + page);
            assertEquals("Not for your role", browser.findElement(By.id("forbidden")).getText());
        }
        browser.get(base + "/console");
        assertTrue(browser.findElements(By.linkText("Administration")).isEmpty());
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
