package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.assertError;
import static io.crowsnest.profile.Profiles.assertInvalid;
import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.pageView;
import static io.crowsnest.profile.Profiles.person;
import static io.crowsnest.profile.Profiles.string;
import static io.crowsnest.profile.Profiles.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.UnaryOperator;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.NullValue;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.AttributeChange;
import io.crowsnest.profile.v1.AttributeChangeCause;
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.Demographics;
import io.crowsnest.profile.v1.DivisionRelationship;
import io.crowsnest.profile.v1.GetAttributeHistoryRequest;
import io.crowsnest.profile.v1.GetAttributeHistoryResponse;
import io.crowsnest.profile.v1.ProductHolding;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.profile.v1.RelationshipStatus;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.crowsnest.profile.v1.UpdateAttributesResponse;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

/** UpdateAttributes and GetAttributeHistory through real gRPC: newest wins, nothing silently dropped. */
@QuarkusTest
class AttributesTest extends ThroughGrpc {

    static final Instant T = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

    String personId;

    @BeforeEach
    void setUp() {
        personId = profiles.stub.recordEvent(pageView(cookie()).build()).getPersonId();
    }

    @Test
    void theNewestValueWinsAndOlderOnesAreKeptInHistory() {
        UpdateAttributesResponse first = update(b -> b.setAttributes(Attributes.newBuilder().setGivenName("Jane")
                .setLanguage("fr-FR").setTimeZone("Europe/Paris").setCountry("FR")
                .setDemographics(Demographics.newBuilder().setBirthYear(1984)).putCustom("tier", string("gold")))
                .addAllPaths(List.of("given_name", "language", "time_zone", "country", "demographics.birth_year",
                        "custom.tier")).setObservedAt(Timestamps.of(T)));
        assertEquals(personId, first.getPersonId());
        assertEquals(6, first.getChangesCount());
        assertTrue(first.getChangesList().stream().allMatch(AttributeChange::getApplied));

        AttributeChange older = update(b -> b.setAttributes(Attributes.newBuilder().setGivenName("Janet"))
                .addPaths("given_name").setObservedAt(Timestamps.of(T.minusSeconds(60)))).getChanges(0);
        assertFalse(older.getApplied(), "observed before the current value: kept in history only");
        assertEquals("Jane", older.getOldValue().getStringValue());
        assertEquals("Janet", older.getNewValue().getStringValue());
        assertEquals(0, update(b -> b.setAttributes(Attributes.newBuilder().setGivenName("Jane"))
                .addPaths("given_name").setObservedAt(Timestamps.of(T.plusSeconds(60)))).getChangesCount(),
                "an equal value writes nothing");
        AttributeChange cleared = update(b -> b.addPaths("country").setObservedAt(Timestamps.of(T.plusSeconds(60))))
                .getChanges(0);
        assertTrue(cleared.getApplied());
        assertEquals(Value.KindCase.NULL_VALUE, cleared.getNewValue().getKindCase());

        Profile profile = profiles.profile(personId);
        Attributes attributes = profile.getAttributes();
        assertEquals("Jane", attributes.getGivenName());
        assertEquals("", attributes.getCountry());
        assertEquals(1984, attributes.getDemographics().getBirthYear());
        assertEquals("gold", attributes.getCustomOrThrow("tier").getStringValue());
        assertEquals("crm-import", profile.getAttributeProvenanceOrThrow("given_name").getSource());
        assertEquals(Timestamps.of(T), profile.getAttributeProvenanceOrThrow("given_name").getObservedAt());
        assertFalse(profile.containsAttributeProvenance("country"));
    }

    @Test
    void productsAndRelationshipsAreUpsertedAndRemovedWithTheAgentRecorded() {
        ProductHolding card = ProductHolding.newBuilder().setProductId("visa.gold").setName("Visa Gold card")
                .setVersion("2024-fixed-rate").setDivision(DivisionRef.newBuilder().setId("cards"))
                .setAcquiredAt(Timestamps.of(T)).build();
        DivisionRelationship cards = DivisionRelationship.newBuilder().setDivision(DivisionRef.newBuilder()
                .setId("cards")).setStatus(RelationshipStatus.RELATIONSHIP_STATUS_ACTIVE).setSince(Timestamps.of(T))
                .build();
        update(b -> b.addUpsertProducts(card).addUpsertRelationships(cards).setSource("gateway").setAgentId("agent.7"));
        Profile profile = profiles.profile(personId);
        assertEquals(List.of(card), profile.getProductsList());
        assertEquals(List.of(cards), profile.getRelationshipsList());

        ProductHolding upgraded = card.toBuilder().setVersion("2025").build();
        AttributeChange change = update(b -> b.addUpsertProducts(upgraded)).getChanges(0);
        assertEquals("products.visa.gold", change.getPath());
        assertEquals("2024-fixed-rate", change.getOldValue().getStructValue().getFieldsOrThrow("version")
                .getStringValue());
        update(b -> b.addRemoveProductIds("visa.gold"));
        assertEquals(0, profiles.profile(personId).getProductsCount());
        assertError(Status.Code.NOT_FOUND, "PRODUCT_NOT_FOUND", () -> profiles.stub.updateAttributes(
                request(b -> b.addRemoveProductIds("visa.gold"))));

        GetAttributeHistoryResponse products = profiles.stub.getAttributeHistory(GetAttributeHistoryRequest
                .newBuilder().setPerson(person(personId)).addPaths("products").build());
        assertEquals(3, products.getChangesCount());
        assertEquals(Value.KindCase.NULL_VALUE, products.getChanges(0).getNewValue().getKindCase(), "newest first");
        AttributeChange firstChange = products.getChanges(2);
        assertEquals("agent.7", firstChange.getAgentId());
        assertEquals("gateway", firstChange.getSource());
        assertEquals(AttributeChangeCause.ATTRIBUTE_CHANGE_CAUSE_UPDATE, firstChange.getCause());
    }

    @Test
    void aRetriedRequestReplaysAndAReusedKeyIsRefused() {
        UpdateAttributesRequest request = request(b -> b.setAttributes(Attributes.newBuilder().setCity("Lyon"))
                .addPaths("city"));
        UpdateAttributesResponse first = profiles.stub.updateAttributes(request);
        assertEquals(first, profiles.stub.updateAttributes(request));
        assertEquals(1, history("city").getChangesCount());
        assertError(Status.Code.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED", () -> profiles.stub.updateAttributes(
                request.toBuilder().setAttributes(Attributes.newBuilder().setCity("Paris")).build()));
    }

    @Test
    void historyPagesNewestFirstAndFiltersByPathAndTime() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            update(b -> b.setAttributes(Attributes.newBuilder().setPostalCode("6900" + n)
                    .setDemographics(Demographics.newBuilder().setHouseholdSize(n + 1)))
                    .addPaths("postal_code").addPaths("demographics.household_size")
                    .setObservedAt(Timestamps.of(T.plusSeconds(n))));
        }
        GetAttributeHistoryRequest all = GetAttributeHistoryRequest.newBuilder().setPerson(person(personId))
                .setPage(PageRequest.newBuilder().setPageSize(4)).build();
        int seen = 0;
        String token = "";
        do {
            GetAttributeHistoryResponse page = profiles.stub.getAttributeHistory(all.toBuilder()
                    .setPage(all.getPage().toBuilder().setPageToken(token)).build());
            seen += page.getChangesCount();
            token = page.getPage().getNextPageToken();
        } while (!token.isEmpty());
        assertEquals(10, seen);
        assertEquals(5, history("demographics").getChangesCount());
        assertEquals("69004", history("postal_code").getChanges(0).getNewValue().getStringValue());
        assertInvalid(() -> profiles.stub.getAttributeHistory(GetAttributeHistoryRequest.newBuilder()
                .setPerson(person(personId)).addPaths("shoe_size").build()), "ATTRIBUTE_PATH_UNKNOWN", "paths[0]");
    }

    @Test
    void badChangesAreRefusedAndWriteNothing() {
        refused(b -> b.addPaths("shoe_size"), "ATTRIBUTE_PATH_UNKNOWN", "paths[0]");
        refused(b -> b.addPaths("custom.Bad-Key"), "ATTRIBUTE_PATH_UNKNOWN", "paths[0]");
        refused(b -> b.setAttributes(Attributes.newBuilder().setLanguage("not a tag!")).addPaths("language"), "",
                "attributes.language");
        refused(b -> b.setAttributes(Attributes.newBuilder().setTimeZone("Mars/Olympus")).addPaths("time_zone"), "",
                "attributes.time_zone");
        refused(b -> b.setAttributes(Attributes.newBuilder().setCountry("fr")).addPaths("country"), "",
                "attributes.country");
        refused(b -> b.setAttributes(Attributes.newBuilder().setDemographics(Demographics.newBuilder()
                .setBirthYear(1800))).addPaths("demographics.birth_year"), "", "attributes.demographics.birth_year");
        refused(b -> b.setAttributes(Attributes.newBuilder().putCustom("note", Value.newBuilder()
                .setNullValue(NullValue.NULL_VALUE).build())).addPaths("custom.note"), "", "attributes.custom.note");
        refused(b -> b.addUpsertProducts(ProductHolding.newBuilder().setProductId("visa gold")), "",
                "upsert_products[0].product_id");
        refused(b -> b.addUpsertRelationships(DivisionRelationship.newBuilder()
                .setDivision(DivisionRef.newBuilder().setId("cards"))), "", "upsert_relationships[0].status");
        refused(b -> b.setAttributes(Attributes.newBuilder().setCity("Lyon")).addPaths("city")
                .setObservedAt(Timestamps.of(Instant.now().plusSeconds(3600))), "", "observed_at");
        refused(b -> b.setAttributes(Attributes.newBuilder().setCity("Lyon")).addPaths("city").setSource(""), "",
                "source");
        refused(b -> b.setAttributes(Attributes.newBuilder().setCity("Lyon")).addPaths("city")
                .setIdempotencyKey(""), "", "idempotency_key");
        refused(b -> b, "", "paths");
        assertError(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> profiles.stub.updateAttributes(
                request(b -> b.setPerson(person(unique("nobody-"))).setAttributes(Attributes.newBuilder()
                        .setCity("Lyon")).addPaths("city"))));
    }

    private void refused(UnaryOperator<UpdateAttributesRequest.Builder> edit, String reason, String field) {
        Document before = stored.person(personId);
        long changes = stored.historyOf(personId);
        assertInvalid(() -> profiles.stub.updateAttributes(request(edit)), reason, field);
        assertEquals(before, stored.person(personId), field);
        assertEquals(changes, stored.historyOf(personId), field);
    }

    private GetAttributeHistoryResponse history(String path) {
        return profiles.stub.getAttributeHistory(GetAttributeHistoryRequest.newBuilder().setPerson(person(personId))
                .addPaths(path).build());
    }

    private UpdateAttributesResponse update(UnaryOperator<UpdateAttributesRequest.Builder> edit) {
        return profiles.stub.updateAttributes(request(edit));
    }

    private UpdateAttributesRequest request(UnaryOperator<UpdateAttributesRequest.Builder> edit) {
        return edit.apply(UpdateAttributesRequest.newBuilder().setPerson(person(personId)).setSource("crm-import")
                .setIdempotencyKey(unique("key-"))).build();
    }
}
