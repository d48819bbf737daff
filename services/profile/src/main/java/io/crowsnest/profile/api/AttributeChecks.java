package io.crowsnest.profile.api;

import java.time.Instant;
import java.time.Year;

import com.google.protobuf.Value;

import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.AttributePaths;
import io.crowsnest.profile.domain.UpdateRules;
import io.crowsnest.profile.mapping.AttributeMapping;
import io.crowsnest.profile.v1.DivisionRelationship;
import io.crowsnest.profile.v1.ProductHolding;
import io.crowsnest.profile.v1.RelationshipStatus;
import io.crowsnest.profile.v1.UpdateAttributesRequest;

/**
 * An UpdateAttributesRequest checked before anything is read or written: what it asks by the
 * update's rules (domain/UpdateRules), the fields of its products and relationships, and the fields
 * every contract shares.
 */
final class AttributeChecks {

    private AttributeChecks() {
    }

    static void check(UpdateAttributesRequest r, Instant now, ProfileConfig config, Checks checks) {
        checks.person(r.getPerson(), "person");
        UpdateRules.check(r.getPathsList().stream().map(path -> supplied(r, path)).toList(),
                r.getUpsertProductsList().stream().map(ProductHolding::getProductId).toList(), r.getRemoveProductIdsList(),
                r.getUpsertRelationshipsList().stream().map(rel -> rel.getDivision().getId()).toList(), Year.now())
                .forEach(checks::add);
        for (int i = 0; i < r.getUpsertProductsCount(); i++) {
            product(r.getUpsertProducts(i), "upsert_products[" + i + "]", config, checks);
        }
        for (int i = 0; i < r.getUpsertRelationshipsCount(); i++) {
            relationship(r.getUpsertRelationships(i), "upsert_relationships[" + i + "]", config, checks);
        }
        if (r.hasObservedAt()) {
            checks.notAhead(r.getObservedAt(), now.plus(config.clockSkew()), "observed_at");
        }
        checks.system(r.getSource(), "source");
        checks.agent(r.getAgentId(), "agent_id");
        checks.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
    }

    /** A path of the request with its value there (none for a path that cannot be set). */
    private static UpdateRules.Supplied supplied(UpdateAttributesRequest r, String path) {
        if (!AttributePaths.settable(path)) {
            return new UpdateRules.Supplied(path, null, false);
        }
        Value custom = AttributePaths.isCustom(path)
                ? r.getAttributes().getCustomMap().get(path.substring(AttributePaths.CUSTOM.length())) : null;
        return new UpdateRules.Supplied(path, AttributeMapping.valueAt(r.getAttributes(), path), custom != null
                && (custom.hasNullValue() || custom.getKindCase() == Value.KindCase.KIND_NOT_SET));
    }

    private static void product(ProductHolding p, String field, ProfileConfig config, Checks checks) {
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

    private static void relationship(DivisionRelationship r, String field, ProfileConfig config, Checks checks) {
        checks.division(r.getDivision(), config.divisions(), field + ".division");
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
