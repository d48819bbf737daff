package io.crowsnest.localstack.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import io.crowsnest.localstack.LocalRedis;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/** Readiness follows the Redis connection: down while Redis is down, back once it returns. */
public final class RedisOutageChecks {

    private RedisOutageChecks() {
    }

    public static void readinessFollowsRedis(LocalRedis redis, GrpcProbe grpc) throws IOException {
        redis.close();
        try {
            given().when().get("/q/health/ready").then().statusCode(503);
            assertEquals(ServingStatus.NOT_SERVING, grpc.health("redis"));
            assertEquals(ServingStatus.NOT_SERVING, grpc.health(""));
        } finally {
            redis.restart();
        }
        given().when().get("/q/health/ready").then().statusCode(200);
        assertEquals(ServingStatus.SERVING, grpc.health("redis"));
        assertEquals(ServingStatus.SERVING, grpc.health(""));
    }
}
