package io.crowsnest.identity;

import static io.crowsnest.identity.Identities.id;
import static io.crowsnest.identity.Identities.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.identity.domain.HashKeys;
import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.IdentifierTypes;
import io.crowsnest.identity.domain.KeyedHash;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.domain.PersonKind;
import io.crowsnest.identity.service.HashKeyRotation;
import io.crowsnest.identity.service.HashKeyStatus;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.sweeps.HashKeySweep;
import io.crowsnest.identity.v1.DeliveryAddress;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A hash key rotation as an operator runs it: identity starts with key version 2 current and the
 * original key (version 1) kept, over data a release before key versions stored under version 1
 * (written by the stores with a version-1 normaliser, without any version field). The same raw
 * identifiers still find their persons, and are hashed again under version 2 on the spot; the sweep
 * hashes the kept delivery addresses again; the status counts what version 1 still holds and says
 * it can be retired once nothing does, and what is stored is then exactly what version 2 alone finds.
 */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@TestProfile(HashKeyRotationTest.RotatedToVersion2.class)
class HashKeyRotationTest extends WithIdentityClient {

    static final String ORIGINAL_KEY = "test-only-identity-hash-key"; // %test.crowsnest.identity.hash-key
    static final String SECOND_KEY = "test-only-identity-hash-key-version-2";

    public static class RotatedToVersion2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crowsnest.identity.hash-keys", "2:" + SECOND_KEY, "crowsnest.identity.hash-key-version", "2");
        }
    }

    @Inject
    MongoDatabase database;
    @Inject
    Normaliser normaliser;
    @Inject
    IdentifierStore identifiers;
    @Inject
    PersonStore persons;
    @Inject
    DeliveryAddressStore addresses;
    @Inject
    HashKeySweep sweep;
    @Inject
    HashKeyRotation rotation;

    private final Normaliser versionOne = new Normaliser(IdentifierTypes.of(List.of("cookie", "device", "email",
            "phone", "crm", "loyalty", "social", "account")), "FR", new KeyedHash(ORIGINAL_KEY));
    private final Normaliser versionTwoAlone = new Normaliser(IdentifierTypes.of(List.of("cookie", "device",
            "email", "phone", "crm", "loyalty", "social", "account")), "FR",
            HashKeys.of(Optional.empty(), List.of("2:" + SECOND_KEY), 2));

    @Test
    void identifiersHashedUnderTheOriginalKeyAreFoundMovedToTheNewOneAndTheOldKeyCanThenBeRetired()
            throws Exception {
        assertEquals(2, normaliser.keys().current());
        assertEquals(List.of(1), normaliser.keys().older());

        // what a release before key versions stored: a customer seen with an email and a cookie, one
        // with a phone number only (both delivery addresses, kept sealed) and one with a CRM id only
        String email = unique("rot.") + "@example.com";
        String cookie = unique("ck-");
        String phone = "+3361" + (1000000 + (int) (Math.random() * 8999999));
        String crm = unique("crm-");
        String customer = storedUnderVersionOne(v1("email", email), v1("cookie", cookie));
        String caller = storedUnderVersionOne(v1("phone", phone));
        String client = storedUnderVersionOne(v1("crm", crm));
        List<String> versionOneHashes = List.of(hashV1("email", email), hashV1("cookie", cookie),
                hashV1("phone", phone), hashV1("crm", crm));

        HashKeyStatus before = rotation.status();
        assertEquals(Map.of(1, 4L), before.remainingByOlderVersion(), before.summary());
        assertEquals(List.of(), before.retirable());

        // the same raw identifiers still find their persons, and are hashed under version 2 on the spot
        assertEquals(customer, identity.lookup(id("email", email)));
        assertEquals(customer, identity.resolve(id("cookie", cookie)).getPersonId(),
                "a cookie seen again resolves to the person it was linked to under the original key");
        for (String[] moved : List.of(new String[] {"email", email}, new String[] {"cookie", cookie})) {
            String current = hashV2(moved[0], moved[1]);
            assertEquals(List.of(customer), identifiers.holders(current).orElseThrow().stream()
                    .map(IdentifierStore.Holder::personId).toList(), moved[0] + " held under its version 2 hash");
            assertEquals(2, database.getCollection("identifiers").find(Filters.eq("_id", current)).first()
                    .getInteger("hashKeyVersion"));
            assertNull(database.getCollection("identifiers").find(Filters.eq("_id", hashV1(moved[0], moved[1])))
                    .first(), moved[0] + " no longer held under its version 1 hash");
        }
        Document links = database.getCollection("persons").find(Filters.eq("_id", customer)).first()
                .get("links", Document.class);
        assertEquals(Set.of(hashV2("email", email), hashV2("cookie", cookie)), links.keySet(),
                "the person's links follow its identifiers to version 2");
        assertEquals(List.of(email), addresses(customer, Channel.CHANNEL_EMAIL), "its kept address moved and opens");

        // the sweep hashes again the addresses kept for persons not seen since: the phone number
        HashKeyStatus swept = sweep.sweep();
        assertEquals(Map.of(1, 1L), swept.remainingByOlderVersion(),
                "only the CRM id, whose raw value identity does not keep, waits to be seen again: " + swept.summary());
        assertEquals(0, swept.addressesToRehash());
        assertTrue(swept.summary().contains("1 identifiers are still hashed under version 1"), swept.summary());
        assertEquals(caller, identity.lookup(id("phone", phone)));
        assertEquals(List.of(phone), addresses(caller, Channel.CHANNEL_SMS));

        // the CRM id seen again moves too: nothing of version 1 remains and its key can be retired
        assertEquals(client, identity.resolve(id("crm", crm)).getPersonId());
        HashKeyStatus done = sweep.sweep();
        assertEquals(Map.of(1, 0L), done.remainingByOlderVersion(), done.summary());
        assertEquals(List.of(1), done.retirable());
        assertTrue(done.summary().contains("no identifier is hashed under version 1 any more: that key can be "
                + "retired"), done.summary());

        // no version 1 hash is stored anywhere, and what is stored is what version 2 alone finds
        for (String collection : database.listCollectionNames()) {
            for (Document d : database.getCollection(collection).find()) {
                for (String old : versionOneHashes) {
                    assertFalse(d.toJson().contains(old), collection + " still holds a version 1 hash: " + d.toJson());
                }
            }
        }
        for (String[] seen : List.of(new String[] {"email", email}, new String[] {"cookie", cookie},
                new String[] {"phone", phone}, new String[] {"crm", crm})) {
            String alone = versionTwoAlone.normalise(seen[0], seen[1], "").hash();
            assertTrue(identifiers.holders(alone).isPresent(), seen[0] + " is found with the version 1 key removed");
        }
    }

    /** Stores a person with the identifiers as identity did before hash keys had versions. */
    private String storedUnderVersionOne(Identifier... ids) {
        String person = "p-" + UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(3600);
        persons.insert(person, PersonKind.ANONYMOUS, at);
        for (Identifier id : ids) {
            assertTrue(identifiers.claim(id, person, at));
            persons.link(person, id, at, at);
            if (id.type().name().equals("email") || id.type().name().equals("phone")) {
                addresses.keep(person, id, at);
            }
            database.getCollection("identifiers").updateOne(Filters.eq("_id", id.hash()),
                    Updates.unset("hashKeyVersion"));
            database.getCollection("delivery_addresses").updateMany(Filters.eq("hash", id.hash()),
                    Updates.unset("hashKeyVersion"));
        }
        return person;
    }

    private Identifier v1(String type, String value) {
        try {
            Identifier id = versionOne.normalise(type, value, "");
            assertEquals(1, id.keyVersion());
            return id;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String hashV1(String type, String value) {
        return v1(type, value).hash();
    }

    private String hashV2(String type, String value) throws Exception {
        return versionTwoAlone.normalise(type, value, "").hash();
    }

    private List<String> addresses(String person, Channel channel) {
        return identity.stub.getDeliveryAddresses(GetDeliveryAddressesRequest.newBuilder().setPersonId(person)
                .setChannel(channel).setRequestingSystem("alert-notification").build()).getAddressesList().stream()
                .map(DeliveryAddress::getValue).collect(Collectors.toList());
    }
}
