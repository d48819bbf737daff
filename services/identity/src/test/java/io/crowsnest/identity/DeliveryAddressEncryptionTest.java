package io.crowsnest.identity;

import static io.crowsnest.identity.Identities.id;
import static io.crowsnest.identity.Identities.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.identity.v1.DeliveryAddress;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Raw delivery addresses are kept encrypted at rest: read through the collection itself, no email or
 * phone number of a resolved person appears anywhere in identity's database, while
 * GetDeliveryAddresses still answers them; an address written in clear text by an older version is
 * answered too and sealed by the re-encryption sweep.
 */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
class DeliveryAddressEncryptionTest extends WithIdentityClient {

    @Inject
    MongoDatabase database;
    @Inject
    DeliveryAddressStore addresses;

    @Test
    void noRawAddressIsStoredYetGetDeliveryAddressesAnswersThem() {
        String email = unique("enc.") + "@example.com";
        String phone = "+3361" + (1000000 + (int) (Math.random() * 8999999));
        String person = identity.resolve(id("email", email), id("phone", phone)).getPersonId();

        List<Document> kept = database.getCollection("delivery_addresses").find(Filters.eq("personId", person))
                .into(new ArrayList<>());
        assertEquals(2, kept.size(), "one record per delivery address");
        for (Document record : kept) {
            assertNotNull(record.getString("sealed"), "the value is kept sealed");
            assertEquals(1, record.getInteger("keyId"), "under the current key");
            assertNull(record.get("value"), "and never in clear text");
        }
        for (String collection : database.listCollectionNames()) {
            for (Document d : database.getCollection(collection).find()) {
                String json = d.toJson();
                assertFalse(json.contains(email) || json.contains(email.substring(0, email.indexOf('@'))),
                        "collection " + collection + " holds the raw email");
                assertFalse(json.contains(phone.substring(1)), "collection " + collection + " holds the raw phone number");
            }
        }

        assertEquals(List.of(email), addresses(person, Channel.CHANNEL_EMAIL));
        assertEquals(List.of(phone), addresses(person, Channel.CHANNEL_SMS));
    }

    @Test
    void everyDeliveryReadsAPersonsAddressesThroughAnIndex() {
        // GetDeliveryAddresses (every message alert-notification sends) and an erasure find the records by
        // personId: without an index MongoDB reads every person's addresses for each of them
        identity.resolve(id("email", unique("idx.") + "@example.com"));
        List<String> leadingKeys = new ArrayList<>();
        for (Document index : database.getCollection("delivery_addresses").listIndexes()) {
            leadingKeys.add(index.get("key", Document.class).keySet().iterator().next());
        }
        assertTrue(leadingKeys.contains("personId"), "indexes lead with " + leadingKeys);
        assertTrue(leadingKeys.contains("hash"), "a hash key rotation finds a hash's records: " + leadingKeys);
        assertTrue(leadingKeys.contains("keyId"), "an address key rotation finds the records of older keys: "
                + leadingKeys);
    }

    @Test
    void anAddressKeptInClearTextByAnOlderVersionIsAnsweredAndThenSealed() {
        String email = unique("old.") + "@example.com";
        String person = identity.resolve(id("email", email)).getPersonId();
        Document sealed = database.getCollection("delivery_addresses").find(Filters.eq("personId", person)).first();
        String legacyEmail = unique("legacy.") + "@example.com";
        String legacyId = person + ":" + unique("legacy-hash-");
        Document legacy = new Document(sealed);
        legacy.put("_id", legacyId);
        legacy.remove("sealed");
        legacy.remove("keyId");
        legacy.put("value", legacyEmail);
        database.getCollection("delivery_addresses").insertOne(legacy);

        assertEquals(Set.of(email, legacyEmail), Set.copyOf(addresses(person, Channel.CHANNEL_EMAIL)));

        assertTrue(addresses.countOlder() >= 1, "an address waits to be sealed");
        addresses.resealOlder(500); // what the sweep runs
        Document resealed = database.getCollection("delivery_addresses").find(Filters.eq("_id", legacyId)).first();
        assertNull(resealed.get("value"), "no longer in clear text");
        assertEquals(1, resealed.getInteger("keyId"));
        assertFalse(resealed.toJson().contains(legacyEmail));
        assertTrue(addresses(person, Channel.CHANNEL_EMAIL).contains(legacyEmail), "still answered once sealed");
    }

    private List<String> addresses(String person, Channel channel) {
        return identity.stub.getDeliveryAddresses(GetDeliveryAddressesRequest.newBuilder().setPersonId(person)
                .setChannel(channel).setRequestingSystem("alert-notification").build()).getAddressesList().stream()
                .map(DeliveryAddress::getValue).collect(Collectors.toList());
    }
}
