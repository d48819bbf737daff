package io.crowsnest.profile.api;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.profile.client.ProtoValues;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.AttributePaths;
import io.crowsnest.profile.mapping.AttributeMapping;
import io.crowsnest.profile.mapping.ProfileMapping;
import io.crowsnest.profile.service.UpdateAttributesService.Kind;
import io.crowsnest.profile.service.UpdateAttributesService;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.crowsnest.profile.v1.UpdateAttributesResponse;

/** UpdateAttributes: every supplied value checked (AttributeChecks), then applied once per idempotency key. */
@ApplicationScoped
class AttributeAdapter {

    @Inject
    ProfileConfig config;
    @Inject
    Clock clock;
    @Inject
    Idempotency idempotency;
    @Inject
    UpdateAttributesService attributes;

    UpdateAttributesResponse update(UpdateAttributesRequest r) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Checks checks = new Checks();
        AttributeChecks.check(r, now, config, checks);
        checks.throwIfAny();
        return idempotency.once("UpdateAttributes", r.getIdempotencyKey(), r, UpdateAttributesResponse.parser(),
                () -> {
                    UpdateAttributesService.Updated updated = attributes.update(command(r), now);
                    return UpdateAttributesResponse.newBuilder().setPersonId(updated.personId())
                            .addAllChanges(updated.changes().stream().map(ProfileMapping::change).toList()).build();
                });
    }

    /** The checked request as the use case takes it: each supplied value in its plain form, in request order. */
    private static UpdateAttributesService.Update command(UpdateAttributesRequest r) {
        List<UpdateAttributesService.Value> values = new ArrayList<>();
        for (String path : r.getPathsList()) {
            values.add(new UpdateAttributesService.Value(Kind.ATTRIBUTE, path, path,
                    AttributeMapping.valueAt(r.getAttributes(), path)));
        }
        r.getUpsertProductsList().forEach(p -> values.add(new UpdateAttributesService.Value(Kind.PRODUCT,
                p.getProductId(), AttributePaths.PRODUCTS + p.getProductId(), ProtoValues.plain(p))));
        r.getRemoveProductIdsList().forEach(id -> values.add(new UpdateAttributesService.Value(Kind.PRODUCT, id,
                AttributePaths.PRODUCTS + id, null)));
        r.getUpsertRelationshipsList().forEach(rel -> values.add(new UpdateAttributesService.Value(Kind.RELATIONSHIP,
                rel.getDivision().getId(), AttributePaths.RELATIONSHIPS + rel.getDivision().getId(),
                ProtoValues.plain(rel))));
        Instant observed = r.hasObservedAt() ? Timestamps.instant(r.getObservedAt()).truncatedTo(ChronoUnit.MILLIS)
                : null;
        return new UpdateAttributesService.Update(ProfileMapping.person(r.getPerson()), values, observed,
                r.getSource(), r.getAgentId(), r.getIdempotencyKey());
    }
}
