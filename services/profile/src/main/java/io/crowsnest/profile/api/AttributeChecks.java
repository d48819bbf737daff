package io.crowsnest.profile.api;

import java.time.Instant;
import java.time.Year;
import java.util.HashSet;
import java.util.Set;

import com.google.protobuf.Value;

import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.AttributePaths;
import io.crowsnest.profile.domain.AttributeRules;
import io.crowsnest.profile.v1.DivisionRelationship;
import io.crowsnest.profile.v1.ProductHolding;
import io.crowsnest.profile.v1.RelationshipStatus;
import io.crowsnest.profile.v1.UpdateAttributesRequest;

/** The rules an UpdateAttributesRequest must meet before anything is read or written. */
final class AttributeChecks {

    private AttributeChecks() {
    }

    static void check(UpdateAttributesRequest r, Instant now, ProfileConfig config, Checks checks) {
        checks.person(r.getPerson(), "person");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < r.getPathsCount(); i++) {
            String path = r.getPaths(i);
            if (!AttributePaths.settable(path)) {
                checks.add("paths[" + i + "]", "unknown attribute path '" + path + "'", "ATTRIBUTE_PATH_UNKNOWN");
            } else if (!seen.add(path)) {
                checks.add("paths[" + i + "]", "'" + path + "' is listed twice");
            } else if (AttributePaths.isCustom(path) && nullCustom(r, path)) {
                checks.add("attributes." + path, "null is not stored; leave the key out of attributes.custom to "
                        + "clear it");
            } else {
                value(path, AttributeMapping.valueAt(r.getAttributes(), path), checks);
            }
        }
        Set<String> products = new HashSet<>();
        for (int i = 0; i < r.getUpsertProductsCount(); i++) {
            product(r.getUpsertProducts(i), "upsert_products[" + i + "]", products, config, checks);
        }
        for (int i = 0; i < r.getRemoveProductIdsCount(); i++) {
            String id = r.getRemoveProductIds(i);
            checks.matches(id, AttributePaths.PRODUCT_ID, true, "remove_product_ids[" + i + "]");
            if (!products.add(id)) {
                checks.add("remove_product_ids[" + i + "]", "'" + id + "' is upserted or removed twice");
            }
        }
        Set<String> divisions = new HashSet<>();
        for (int i = 0; i < r.getUpsertRelationshipsCount(); i++) {
            relationship(r.getUpsertRelationships(i), "upsert_relationships[" + i + "]", divisions, config, checks);
        }
        if (r.getPathsCount() + r.getUpsertProductsCount() + r.getRemoveProductIdsCount()
                + r.getUpsertRelationshipsCount() == 0) {
            checks.add("paths", "no change requested: give paths, upsert_products, remove_product_ids or "
                    + "upsert_relationships");
        }
        if (r.hasObservedAt()) {
            checks.notAhead(r.getObservedAt(), now.plus(config.clockSkew()), "observed_at");
        }
        checks.system(r.getSource(), "source");
        checks.agent(r.getAgentId(), "agent_id");
        checks.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
    }

    private static boolean nullCustom(UpdateAttributesRequest r, String path) {
        Value value = r.getAttributes().getCustomMap().get(path.substring(AttributePaths.CUSTOM.length()));
        return value != null && (value.hasNullValue() || value.getKindCase() == Value.KindCase.KIND_NOT_SET);
    }

    private static void value(String path, Object value, Checks checks) {
        AttributeRules.check(path, value, "attributes." + path, Year.now())
                .forEach(p -> checks.add(p.path(), p.description()));
    }

    private static void product(ProductHolding p, String field, Set<String> seen, ProfileConfig config,
            Checks checks) {
        checks.matches(p.getProductId(), AttributePaths.PRODUCT_ID, true, field + ".product_id");
        if (!seen.add(p.getProductId())) {
            checks.add(field + ".product_id", "'" + p.getProductId() + "' is upserted or removed twice");
        }
        checks.atMost(p.getName(), 100, field + ".name");
        checks.atMost(p.getVersion(), 64, field + ".version");
        if (p.hasDivision()) {
            checks.division(p.getDivision(), config.divisions(), field + ".division");
        }
        if (p.hasAcquiredAt()) {
            checks.instant(p.getAcquiredAt(), field + ".acquired_at");
        }
        if (p.hasEndedAt()) {
            checks.instant(p.getEndedAt(), field + ".ended_at");
        }
    }

    private static void relationship(DivisionRelationship r, String field, Set<String> seen, ProfileConfig config,
            Checks checks) {
        checks.division(r.getDivision(), config.divisions(), field + ".division");
        if (!seen.add(r.getDivision().getId())) {
            checks.add(field + ".division.id", "'" + r.getDivision().getId() + "' is upserted twice");
        }
        if (r.getStatus() == RelationshipStatus.RELATIONSHIP_STATUS_UNSPECIFIED
                || r.getStatus() == RelationshipStatus.UNRECOGNIZED) {
            checks.add(field + ".status", "is required");
        }
        if (r.hasSince()) {
            checks.instant(r.getSince(), field + ".since");
        }
        if (r.hasStatusSince()) {
            checks.instant(r.getStatusSince(), field + ".status_since");
        }
    }
}
