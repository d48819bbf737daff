package io.crowsnest.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.crowsnest.localstack.LocalStack;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;

/**
 * Calls to the gateway as a signed-in user of the local realm (ann and bob are agents, sue a
 * supervisor, ada an admin): the access token comes from the stack's Keycloak the way an API client
 * gets one (the password grant of the crowsnest-cli client) and is sent as a Bearer token.
 */
final class GatewayAs {

    private static volatile LocalStack current;

    private GatewayAs() {
    }

    /** The stack whose Keycloak issues the tokens of {@link #token}. */
    static void use(LocalStack stack) {
        current = stack;
    }

    /** A request specification for the gateway of {@code stack}, signed in as {@code user}. */
    static RequestSpecification user(LocalStack stack, String user) {
        use(stack);
        return builder(stack, user).build();
    }

    static RequestSpecBuilder builder(LocalStack stack, String user) {
        use(stack);
        return new RequestSpecBuilder().setBaseUri("http://127.0.0.1").setPort(stack.gatewayPort())
                .setAuth(RestAssured.oauth2(token(user)));
    }

    /** An access token of {@code user} from the current stack's Keycloak. */
    static String token(String user) {
        try {
            return current.keycloak().token(user);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
