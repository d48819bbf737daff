package io.crowsnest.alertnotification.api;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.domain.AlertDraft;
import io.crowsnest.alertnotification.domain.AlertKind;
import io.crowsnest.alertnotification.domain.Fields;
import io.crowsnest.alertnotification.domain.PublishRules;
import io.crowsnest.alertnotification.mapping.AlertRequests;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.platform.grpc.RequestChecks;

/**
 * The checks of PublishAlertRequest, every bad field reported at once: the alert's rules are the
 * domain's {@link PublishRules}; the person reference and idempotency key are checked here.
 */
@ApplicationScoped
class PublishChecks {

    @Inject
    AlertsConfig config;

    /** The draft of a well-formed request; INVALID_ARGUMENT listing every bad field otherwise. */
    AlertDraft check(PublishAlertRequest r, Instant now) {
        RequestChecks v = new RequestChecks();
        AlertDraft d = AlertRequests.draft(r);
        PublishRules.recipient(v::add, d.recipient(), r.hasPerson());
        if (r.hasPerson() || d.kind() != AlertKind.CAMPAIGN_BRIEFING) {
            Checks.person(v, "person", r.hasPerson(), r.getPerson());
        }
        PublishRules.content(v::add, d, r.hasDivision(), now, config.maxExpiry(), config.divisions());
        v.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        PublishRules.briefing(v::add, d);
        v.throwIfAny();
        return d;
    }
}
