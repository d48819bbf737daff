package io.crowsnest.localstack.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.localstack.LocalRedis;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * What every Crowsnest gRPC service promises before its behaviour lands, checked through a real
 * gRPC client against the running application and its real stores: health per store, server
 * reflection, UNIMPLEMENTED for RPCs whose issue has not landed, and HTTP readiness.
 * A service's {@code @QuarkusTest} extends this and names its contract and stores.
 */
public abstract class ServiceContractTest {

    private final ServiceDescriptor contract;
    private final List<String> stores;

    protected GrpcProbe grpc;

    /** The service's Redis, injected by RedisTestResource when the service owns one. */
    protected LocalRedis redis;

    /**
     * @param contract the gRPC contract the service serves
     * @param stores   component names of the stores it owns: "mongodb", "redis"
     */
    protected ServiceContractTest(ServiceDescriptor contract, String... stores) {
        this.contract = contract;
        this.stores = List.of(stores);
    }

    protected ServiceDescriptor contract() {
        return contract;
    }

    protected List<String> stores() {
        return stores;
    }

    /** RPCs that already have behaviour (and so are not expected to be UNIMPLEMENTED). */
    protected List<String> implementedMethods() {
        return List.of();
    }

    @BeforeEach
    void connect() {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        grpc = new GrpcProbe("localhost", port);
    }

    @AfterEach
    void disconnect() {
        grpc.close();
    }

    @Test
    void grpcHealthReportsTheServiceAndEachStore() {
        assertEquals(ServingStatus.SERVING, grpc.health(""));
        assertEquals(ServingStatus.SERVING, grpc.health(contract().getName()));
        for (String store : stores()) {
            assertEquals(ServingStatus.SERVING, grpc.health(store), store);
        }
        assertEquals(ServingStatus.SERVICE_UNKNOWN, grpc.health("no-such-component"));
    }

    @Test
    void reflectionListsTheContractAndHealth() throws Exception {
        List<String> services = grpc.reflectedServices();
        assertTrue(services.contains(contract().getName()), services.toString());
        assertTrue(services.contains("grpc.health.v1.Health"), services.toString());
    }

    @Test
    void rpcsWithoutBehaviourAnswerUnimplemented() {
        Map<String, Status.Code> codes = grpc.callEveryMethod(contract());
        implementedMethods().forEach(codes::remove);
        assertTrue(codes.size() > 0 || !implementedMethods().isEmpty(), "the contract has methods");
        assertEquals(List.of(), GrpcProbe.methodsNotAnswering(codes, Status.Code.UNIMPLEMENTED));
    }

    @Test
    void readinessFollowsTheRedisConnection() throws Exception {
        Assumptions.assumeTrue(stores.contains("redis"), "the service owns no Redis");
        RedisOutageChecks.readinessFollowsRedis(redis, grpc);
    }

    @Test
    void httpReadinessListsEachStore() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        for (String store : stores()) {
            given().when().get("/q/health/ready").then()
                    .body("checks.name.collect { it.toLowerCase() }.findAll { it.contains('" + store + "') }.size()",
                            is(1));
        }
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }
}
