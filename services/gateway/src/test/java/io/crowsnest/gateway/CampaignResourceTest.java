package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAdmin;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Money;
import io.crowsnest.decisioning.v1.ActionReport;
import io.crowsnest.decisioning.v1.CampaignReport;
import io.crowsnest.decisioning.v1.ChannelReport;
import io.crowsnest.decisioning.v1.Interval;
import io.crowsnest.decisioning.v1.UpliftReport;
import io.crowsnest.gateway.api.CampaignResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The campaign routes reach decisioning (nothing listens there in tests, so a routed request
 * answers 503 problem+json); requests the gateway can tell are wrong are refused with 400 before
 * any call; the CSV report holds the funnel lines and the uplift.
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class CampaignResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void everyCampaignRouteIsRouted() {
        for (String path : new String[] {"/api/v1/admin/campaigns", "/api/v1/admin/campaigns?status=RUNNING,PAUSED",
                "/api/v1/admin/campaigns/cmp-1", "/api/v1/admin/campaigns/cmp-1/report",
                "/api/v1/admin/campaigns/cmp-1/report?format=csv"}) {
            asAdmin().when().get(path).then().statusCode(503).contentType(PROBLEM);
        }
        for (String path : new String[] {"/api/v1/admin/campaigns", "/api/v1/admin/campaigns/dry-run",
                "/api/v1/admin/campaigns/cmp-1/pause", "/api/v1/admin/campaigns/cmp-1/resume",
                "/api/v1/admin/campaigns/cmp-1/cancel", "/api/v1/admin/campaigns/cmp-1/responses"}) {
            asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", "k-1").body("{}").when().post(path)
                    .then().statusCode(503).contentType(PROBLEM);
        }
    }

    @Test
    void writesNeedAKeyAndBadQueriesAreRefused() {
        asAdmin().contentType(ContentType.JSON).body("{\"spec\": {\"name\": \"Autumn\"}}")
                .when().post("/api/v1/admin/campaigns")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", is(List.of("Idempotency-Key")));
        asAdmin().contentType(ContentType.JSON).body("{\"reason\": {\"code\": \"X\"}}")
                .when().post("/api/v1/admin/campaigns/cmp-1/cancel")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", is(List.of("Idempotency-Key")));
        asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", "k-1").body("{\"spec\": {\"channels\": "
                + "[\"CHANNEL_PIGEON\"]}}").when().post("/api/v1/admin/campaigns")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("body"));
        asAdmin().queryParam("status", "SLEEPING").when().get("/api/v1/admin/campaigns")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("status"));
        asAdmin().queryParam("format", "xls").when().get("/api/v1/admin/campaigns/cmp-1/report")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("format"));
    }

    @Test
    void theCsvReportHoldsEveryFunnelLineAndTheUplift() {
        ChannelReport email = ChannelReport.newBuilder().setChannel(Channel.CHANNEL_EMAIL).setAudienceCount(800)
                .setSentCount(750).setReservedCount(760).setFailedCount(10).setConvertedCount(45)
                .setConvertedValue(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(450_000))
                .setCost(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(7_500))
                .setCostPerConversion(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(166)).build();
        CampaignReport report = CampaignReport.newBuilder().setCampaignId("cmp-1").setTotals(email.toBuilder()
                .setChannel(Channel.CHANNEL_UNSPECIFIED).clearCost().clearCostPerConversion()).addChannels(email)
                .addActions(ActionReport.newBuilder().setActionId("gold-upgrade").addChannels(email))
                .setUplift(UpliftReport.newBuilder().setContactedCount(1000).setControlCount(250)
                        .setContactedConversionRate(0.06).setControlConversionRate(0.02).setCurrencyCode("EUR")
                        .setConversionUplift(Interval.newBuilder().setEstimate(0.04).setLower(0.010924)
                                .setUpper(0.060047).setConfidenceLevel(0.95).setKnown(true))
                        .setContactedRevenuePerPerson(6).setControlRevenuePerPerson(2)
                        .setRevenueUpliftPerPerson(Interval.newBuilder().setEstimate(4).setConfidenceLevel(0.95))
                        .setSummary("contacted converted 6.0 % \"of\" 1000"))
                .build();
        List<String> lines = List.of(CampaignResource.csv(report).split("\n"));
        assertEquals("campaign_id,line,action_id,channel,audience,no_eligible_action,governance_blocked,reserved,sent,"
                + "delivered,failed,opened,clicked,responded,converted,converted_value,currency,cost,"
                + "cost_per_conversion", lines.get(0));
        assertEquals("cmp-1,total,,,800,0,0,760,750,0,10,0,0,0,45,4500.00,EUR,,", lines.get(1));
        assertEquals("cmp-1,channel,,EMAIL,800,0,0,760,750,0,10,0,0,0,45,4500.00,EUR,75.00,1.66", lines.get(2));
        assertEquals("cmp-1,action,gold-upgrade,EMAIL,800,0,0,760,750,0,10,0,0,0,45,4500.00,EUR,75.00,1.66",
                lines.get(3));
        assertEquals("conversion,1000,250,0.060000,0.020000,0.040000,0.010924,0.060047,0.95", lines.get(6));
        assertEquals("revenue_per_person_EUR,1000,250,6.00,2.00,4.00,,,0.95", lines.get(7));
        assertEquals("summary,\"contacted converted 6.0 % \"\"of\"\" 1000\"", lines.get(9));
    }
}
