package io.crowsnest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.DeliveryAddress;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.ManagedChannel;

/**
 * identity's keys as an operator handles them, on the identity process itself: the address key is
 * rotated by the documented procedure (new key first, old key after it; the sweep seals every
 * address again; then the old key is removed) without losing an address, and a development key
 * published in this repository stops identity outside a local run.
 */
class IdentityKeysTest {

    private static final Path HOME = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath()
            .normalize();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void rotatingTheAddressKeySealsEveryAddressAgainAndTheOldKeyCanThenBeRemoved() {
        Path state = Path.of("target/identity-keys").toAbsolutePath().resolve(UUID.randomUUID().toString());
        String oldKey = "1:" + randomKey();
        String newKey = "7:" + randomKey();
        List<String> emails = new ArrayList<>();
        List<String> persons = new ArrayList<>();

        try (LocalStack stack = identity(state, oldKey)) {
            for (int i = 0; i < 5; i++) {
                String email = "rotate." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                emails.add(email);
                persons.add(resolve(stack, email));
            }
            assertEquals(Map.of(1, 5L), keyIdsOfAddresses(stack), "every address sealed under the first key");
        }

        try (LocalStack stack = identity(state, newKey + "," + oldKey)) {
            Map<Integer, Long> resealed = Await.until(Duration.ofSeconds(60), () -> keyIdsOfAddresses(stack),
                    ids -> ids.equals(Map.of(7, 5L)), "the sweep seals every address under the new key");
            assertEquals(Map.of(7, 5L), resealed);
            for (int i = 0; i < emails.size(); i++) {
                assertEquals(List.of(emails.get(i)), addresses(stack, persons.get(i)));
            }
        }

        try (LocalStack stack = identity(state, newKey)) {
            for (int i = 0; i < emails.size(); i++) {
                assertEquals(List.of(emails.get(i)), addresses(stack, persons.get(i)),
                        "with the old key removed, every address still opens");
            }
            try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
                for (Document d : mongo.getDatabase("identity").getCollection("delivery_addresses").find()) {
                    for (String email : emails) {
                        assertFalse(d.toJson().contains(email), "no address in clear text");
                    }
                }
            }
        }
    }

    @Test
    void aDevelopmentKeyStopsIdentityOutsideALocalRun() {
        Path state = Path.of("target/identity-keys").toAbsolutePath().resolve(UUID.randomUUID().toString());
        IOException refused = assertThrows(IOException.class, () -> LocalStack.start(options(state)
                .withExtraEnv(Map.of("CROWSNEST_IDENTITY_ALLOW_DEVELOPMENT_KEYS", "false")), System.out).close());
        assertTrue(refused.getMessage().contains("identity exited during start-up"), refused.getMessage());
        assertTrue(refused.getMessage().contains("is a development key published in Crowsnest's repository"),
                refused.getMessage());
    }

    private static LocalStack.Options options(Path state) {
        return LocalStack.Options.defaults(HOME).withPorts(FreePort.stackPorts()).withStateDir(state, true)
                .withOnly(Set.of("identity"));
    }

    private static LocalStack identity(Path state, String addressKeys) {
        return FreePort.startStack(ports -> options(state).withPorts(ports).withExtraEnv(Map.of(
                "CROWSNEST_IDENTITY_ADDRESS_KEYS", addressKeys, "CROWSNEST_IDENTITY_ADDRESS_KEY_SWEEP", "1S")),
                "identity");
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Map<Integer, Long> keyIdsOfAddresses(LocalStack stack) {
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            Map<Integer, Long> counts = new TreeMap<>();
            for (Document d : mongo.getDatabase("identity").getCollection("delivery_addresses").find()) {
                counts.merge(d.getInteger("keyId", 0), 1L, Long::sum);
            }
            return counts;
        }
    }

    private static String resolve(LocalStack stack, String email) {
        return call(stack, stub -> stub.resolvePerson(ResolvePersonRequest.newBuilder()
                .addIdentifiers(Identifier.newBuilder().setType("email").setValue(email))
                .setRequestingSystem("web").setRequestId("keys-" + email)
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getPersonId());
    }

    private static List<String> addresses(LocalStack stack, String person) {
        return call(stack, stub -> stub.getDeliveryAddresses(GetDeliveryAddressesRequest.newBuilder()
                .setPersonId(person).setChannel(Channel.CHANNEL_EMAIL).setRequestingSystem("alert-notification")
                .build()).getAddressesList().stream().map(DeliveryAddress::getValue).toList());
    }

    private static <T> T call(LocalStack stack, Function<IdentityServiceBlockingStub, T> call) {
        ManagedChannel channel = SignedChannels.to(stack.grpcPort("identity"));
        try {
            return call.apply(IdentityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS));
        } finally {
            channel.shutdownNow();
        }
    }
}
