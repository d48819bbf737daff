package io.crowsnest.profile.api;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.profile.config.ProfileConfig;
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
                () -> attributes.update(r, now));
    }
}
