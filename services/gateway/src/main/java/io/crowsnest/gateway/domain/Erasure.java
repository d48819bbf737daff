package io.crowsnest.gateway.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An administrator's request to erase a customer, and how far every service has got with it.
 *
 * @param id                 the erasure's id (derived from the request's idempotency key)
 * @param personId           the person asked to be erased
 * @param reasonCode         why, e.g. GDPR_ERASURE
 * @param reasonMessage      more words on why, e.g. the privacy desk's ticket; may be empty
 * @param requestedBy        the signed-in administrator
 * @param requestedAt        when identity forgot the person
 * @param forgottenPersonIds the ids identity erased: the person and those merged into it
 * @param services           per service (identity, profile, scoring, decisioning,
 *                           contact-governance, alert-notification, gateway), in that order
 */
public record Erasure(String id, String personId, String reasonCode, String reasonMessage, String requestedBy,
        Instant requestedAt, List<String> forgottenPersonIds, Map<String, ServiceErasure> services) {

    /** The services that hold a customer's data, in the order they are asked; identity first. */
    public static final List<String> SERVICES = List.of("identity", "profile", "scoring", "decisioning",
            "contact-governance", "alert-notification", "gateway");

    public Erasure {
        forgottenPersonIds = List.copyOf(forgottenPersonIds);
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** True when every service has reported the person gone. */
    public boolean complete() {
        return services.values().stream().allMatch(ServiceErasure::erased);
    }

    /** This erasure with one service's new state. */
    public Erasure with(String service, ServiceErasure state) {
        Map<String, ServiceErasure> next = new LinkedHashMap<>(services);
        next.put(service, state);
        return new Erasure(id, personId, reasonCode, reasonMessage, requestedBy, requestedAt, forgottenPersonIds,
                next);
    }

    /**
     * One service's part.
     *
     * @param erased           the service reported the person gone
     * @param at               when it did (null while pending)
     * @param alreadyForgotten it had erased the person before (e.g. following identity's changes)
     * @param lastError        while pending: why the last attempt failed, for people; else null
     * @param attempts         how many times the service was asked
     */
    public record ServiceErasure(boolean erased, Instant at, boolean alreadyForgotten, String lastError,
            int attempts) {

        public static final ServiceErasure PENDING = new ServiceErasure(false, null, false, null, 0);

        public static ServiceErasure done(Instant at, boolean alreadyForgotten, int attempts) {
            return new ServiceErasure(true, at, alreadyForgotten, null, attempts);
        }

        public ServiceErasure failed(String why) {
            return new ServiceErasure(false, null, false, why, attempts + 1);
        }
    }
}
