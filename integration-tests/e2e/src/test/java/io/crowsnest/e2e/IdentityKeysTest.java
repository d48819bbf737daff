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
import java.util.HashMap;
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
 * address again; then the old key is removed) without losing an address; the hash key is rotated
 * (a version 2 made current beside the original key, the sweep and sightings move every
 * identifier, then the original key is retired) without losing a person; and a development key
 * published in this repository, or a hash key configuration without its current version, stops
 * identity.
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
    void rotatingTheHashKeyKeepsEveryPersonFoundAndTheOriginalKeyCanThenBeRetired() {
        Path state = Path.of("target/identity-keys").toAbsolutePath().resolve(UUID.randomUUID().toString());
        Map<String, String> rotated = Map.of("CROWSNEST_IDENTITY_HASH_KEYS", "2:" + randomKey(),
                "CROWSNEST_IDENTITY_HASH_KEY_VERSION", "2");
        List<String> emails = new ArrayList<>();
        List<String> persons = new ArrayList<>();
        String cookie = "ck-" + UUID.randomUUID();

        try (LocalStack stack = identityWith(state, Map.of())) {
            for (int i = 0; i < 3; i++) {
                String email = "hash." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                emails.add(email);
                persons.add(resolve(stack, email(email)));
            }
            assertEquals(persons.get(0), resolve(stack, email(emails.get(0)), cookie(cookie)));
            assertEquals(Map.of(1, 4L), hashKeyVersions(stack), "every identifier hashed under the original key");
        }

        Map<String, String> rotating = new HashMap<>(rotated);
        rotating.put("CROWSNEST_IDENTITY_HASH_KEY_SWEEP", "1S");
        try (LocalStack stack = identityWith(state, rotating)) {
            Await.until(Duration.ofSeconds(60), () -> hashKeyVersions(stack), v -> v.equals(Map.of(1, 1L, 2, 3L)),
                    "the sweep hashes the emails (kept as delivery addresses) under version 2; the cookie waits");
            assertEquals(persons.get(0), resolve(stack, cookie(cookie)),
                    "the cookie seen again finds its person, and is hashed under version 2 on the spot");
            assertEquals(Map.of(2, 4L), hashKeyVersions(stack));
        }

        Map<String, String> retired = new HashMap<>(rotated);
        retired.put("CROWSNEST_IDENTITY_HASH_KEY", "");
        try (LocalStack stack = identityWith(state, retired)) {
            for (int i = 0; i < emails.size(); i++) {
                assertEquals(persons.get(i), resolve(stack, email(emails.get(i))),
                        "with the original key retired, the person is still found");
                assertEquals(List.of(emails.get(i)), addresses(stack, persons.get(i)));
            }
            assertEquals(persons.get(0), resolve(stack, cookie(cookie)));
        }
    }

    @Test
    void aHashKeyConfigurationWithoutItsCurrentVersionStopsIdentity() {
        Path state = Path.of("target/identity-keys").toAbsolutePath().resolve(UUID.randomUUID().toString());
        IOException refused = assertThrows(IOException.class, () -> LocalStack.start(options(state)
                .withExtraEnv(Map.of("CROWSNEST_IDENTITY_HASH_KEYS", "2:" + randomKey(),
                        "CROWSNEST_IDENTITY_HASH_KEY_VERSION", "3")), System.out).close());
        assertTrue(refused.getMessage().contains("identity exited during start-up"), refused.getMessage());
        assertTrue(refused.getMessage().contains("is 3 but no hash key of version 3 is configured"),
                refused.getMessage());
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
        return identityWith(state, Map.of("CROWSNEST_IDENTITY_ADDRESS_KEYS", addressKeys,
                "CROWSNEST_IDENTITY_ADDRESS_KEY_SWEEP", "1S"));
    }

    private static LocalStack identityWith(Path state, Map<String, String> env) {
        return FreePort.startStack(ports -> options(state).withPorts(ports).withExtraEnv(env), "identity");
    }

    /** How many identifiers each hash key version made (none recorded: the original, version 1). */
    private static Map<Integer, Long> hashKeyVersions(LocalStack stack) {
        return countBy(stack, "identifiers", "hashKeyVersion", 1);
    }

    private static String resolve(LocalStack stack, Identifier... ids) {
        return call(stack, stub -> stub.resolvePerson(ResolvePersonRequest.newBuilder().addAllIdentifiers(List.of(ids))
                .setRequestingSystem("web").setRequestId("keys-" + UUID.randomUUID())
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getPersonId());
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Map<Integer, Long> keyIdsOfAddresses(LocalStack stack) {
        return countBy(stack, "delivery_addresses", "keyId", 0);
    }

    /** How many documents of identity's collection hold each value of the (integer) field. */
    private static Map<Integer, Long> countBy(LocalStack stack, String collection, String field, int absent) {
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            Map<Integer, Long> counts = new TreeMap<>();
            for (Document d : mongo.getDatabase("identity").getCollection(collection).find()) {
                counts.merge(d.getInteger(field, absent), 1L, Long::sum);
            }
            return counts;
        }
    }

    private static String resolve(LocalStack stack, String email) {
        return resolve(stack, email(email));
    }

    private static Identifier email(String email) {
        return Identifier.newBuilder().setType("email").setValue(email).build();
    }

    private static Identifier cookie(String cookie) {
        return Identifier.newBuilder().setType("cookie").setValue(cookie).build();
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
