package io.crowsnest.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.GrpcProbe;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.restassured.RestAssured;

/**
 * The suite as `make run` starts it — seven service processes, the MongoDB wire-protocol server
 * and real redis-servers — checked only through the gateway's HTTP API and the services' gRPC ports.
 * The stack starts once, after a crashed earlier stack has been left behind on the same ports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndTest {

    private static final Map<String, ServiceDescriptor> CONTRACTS = Map.of(
            "identity", IdentityServiceGrpc.getServiceDescriptor(),
            "profile", ProfileServiceGrpc.getServiceDescriptor(),
            "scoring", ScoringServiceGrpc.getServiceDescriptor(),
            "decisioning", DecisioningServiceGrpc.getServiceDescriptor(),
            "contact-governance", ContactGovernanceServiceGrpc.getServiceDescriptor(),
            "alert-notification", AlertNotificationServiceGrpc.getServiceDescriptor());

    private static final Set<String> REDIS_OWNERS = Set.of("scoring", "contact-governance", "alert-notification");

    private static final StackPorts PORTS = new StackPorts(18080, 19080, FreePort.pick(), 16391);

    private static OtlpReceiver otlp;
    private static LocalStack stack;
    private static Path stateDir;

    @BeforeAll
    static void startSuite() throws Exception {
        Path home = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
        stateDir = Path.of(System.getProperty("crowsnest.e2e.dir", "target/e2e")).toAbsolutePath();
        otlp = new OtlpReceiver();
        CrashedLauncher.leaveBehind(home, stateDir, PORTS);
        LocalStack.Options options = LocalStack.Options.defaults(home)
                .withPorts(PORTS)
                .withStateDir(stateDir, false)
                .withExtraEnv(Map.of(
                        "CROWSNEST_OTLP_ENDPOINT", otlp.endpoint(),
                        "CROWSNEST_OTLP_PROTOCOL", "http/protobuf",
                        "CROWSNEST_TRACE_SAMPLING", "1.0",
                        "CROWSNEST_OTEL_EXPORT_DELAY", "200ms"));
        stack = LocalStack.start(options, System.out);
        RestAssured.port = stack.gatewayPort();
        RestAssured.authentication = RestAssured.oauth2(stack.keycloak().token("ada"));
        GatewayAs.use(stack);
    }

    @AfterAll
    static void stopSuite() {
        if (stack != null) {
            stack.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    @Order(1)
    void statusPageShowsEveryServiceAndStoreUp() {
        given().when().get("/api/v1/status").then().log().ifValidationFails()
                .statusCode(200)
                .body("status", is("UP"))
                .body("services.name", is(List.of("identity", "profile", "scoring", "decisioning",
                        "contact-governance", "alert-notification")))
                .body("services.status", everyItem(is("UP")))
                .body("services.findAll { it.stores.find { s -> s.name == 'mongodb' && s.status == 'UP' } }.size()", is(6))
                .body("services.findAll { it.stores.find { s -> s.name == 'redis' && s.status == 'UP' } }.name",
                        is(List.of("scoring", "contact-governance", "alert-notification")));
    }

    @Test
    @Order(2)
    void everyServiceAnswersHealthAndReflectionOverGrpc() throws Exception {
        for (Map.Entry<String, ServiceDescriptor> service : CONTRACTS.entrySet()) {
            try (GrpcProbe grpc = new GrpcProbe("127.0.0.1", stack.grpcPort(service.getKey()))) {
                assertEquals(ServingStatus.SERVING, grpc.health(""), service.getKey());
                assertEquals(ServingStatus.SERVING, grpc.health("mongodb"), service.getKey());
                assertEquals(REDIS_OWNERS.contains(service.getKey()) ? ServingStatus.SERVING
                        : ServingStatus.SERVICE_UNKNOWN, grpc.health("redis"), service.getKey());
                List<String> listed = grpc.reflectedServices();
                assertTrue(listed.contains(service.getValue().getName()), service.getKey() + " lists " + listed);
            }
        }
    }

    @Test
    @Order(3)
    void bufCurlListsEveryRpcThroughReflection() throws Exception {
        for (Map.Entry<String, ServiceDescriptor> service : CONTRACTS.entrySet()) {
            List<String> listed = BufCurl.listMethods(stack.grpcPort(service.getKey()));
            List<String> expected = service.getValue().getMethods().stream()
                    .map(m -> m.getServiceName() + "/" + m.getBareMethodName()).toList();
            assertTrue(listed.containsAll(expected), service.getKey() + ": buf curl listed " + listed);
        }
    }

    @Test
    @Order(4)
    void oneTraceSpansTheGatewayAndTheServicesItCalls() throws Exception {
        String traceId = String.format("%016x%016x", ThreadLocalRandom.current().nextLong(),
                ThreadLocalRandom.current().nextLong());
        String traceparent = "00-" + traceId + "-" + String.format("%016x", ThreadLocalRandom.current().nextLong())
                + "-01";
        given().header("traceparent", traceparent).when().get("/api/v1/status").then().statusCode(200);

        Await.until(Duration.ofSeconds(30), () -> otlp.servicesInTrace(traceId),
                services -> services.containsAll(Set.of("gateway", "identity", "contact-governance")),
                "gateway, identity and contact-governance export spans of trace " + traceId);
    }

    @Test
    @Order(5)
    void logsCarryTraceIds() throws IOException {
        String gatewayLog = Files.readString(stateDir.resolve("logs/gateway.log"));
        assertTrue(gatewayLog.matches("(?s).*traceId=[0-9a-f]{32} spanId=[0-9a-f]{16}.*")
                || gatewayLog.contains("\"traceId\""), "gateway log lines carry trace and span ids");
    }

    @Test
    @Order(6)
    void unknownGatewayRoutesAnswerProblemJson() {
        given().when().get("/api/v1/nothing-here").then()
                .statusCode(404).contentType("application/problem+json").body("status", is(404))
                .body("title", is("Not Found")).body("$", not(hasKey("violations")));
    }

    @Test
    @Order(7)
    void callCentreAndAdministratorsGovernContactsThroughTheGateway() {
        GovernanceThroughGateway.run(stack);
    }

    @Test
    @Order(8)
    void twoGovernanceInstancesTogetherNeverOverContact() throws Exception {
        TwoGovernanceInstances.run(stack);
    }

    @Test
    @Order(9)
    void identityChangesReachGovernanceAndAgentsFindCustomersByIdentifier() {
        IdentityAcrossServices.run(stack);
    }

    @Test
    @Order(10)
    void agentsRecordAndReadCustomerProfilesThroughTheGateway() {
        ProfileThroughGateway.run(stack);
    }

    @Test
    @Order(11)
    void administratorsDefineSegmentsThroughTheGateway() {
        ScoringThroughGateway.run(stack);
    }

    @Test
    @Order(12)
    void profileAttributesReachScoringSegments() throws InterruptedException {
        AttributesAcrossServices.run(stack);
    }

    @Test
    @Order(13)
    void administratorsEraseACustomerEveryServiceKnows() {
        ErasureThroughGateway.run(stack);
    }

    @Test
    @Order(13)
    void servicesTakeOnlyTheCallersTheirAllowListNamesForEachRpc() {
        ServiceAuthAcrossServices.run(stack);
    }

    @Test
    @Order(14)
    void closingTheStackLeavesNothingRunning() {
        stack.close();
        for (int port : List.of(PORTS.httpBase(), PORTS.httpBase() + 1, PORTS.grpcBase() + 1, PORTS.grpcBase() + 6,
                PORTS.mongo(), PORTS.redisBase(), PORTS.redisBase() + 2)) {
            assertFalse(listening(port), "port " + port + " is free after close");
        }
        assertFalse(Files.exists(stateDir.resolve("run/stack.pids")), "no pid file left");
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
