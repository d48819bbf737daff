package io.crowsnest.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * The status of the whole suite: UP only when every service and every store is up.
 *
 * @param status    overall status
 * @param checkedAt when the services were asked (UTC)
 * @param services  each service, in a fixed order
 */
public record SuiteStatus(ComponentStatus status, Instant checkedAt, List<ServiceHealth> services) {

    public static SuiteStatus of(Instant checkedAt, List<ServiceHealth> services) {
        boolean allUp = services.stream().allMatch(s -> s.status() == ComponentStatus.UP
                && s.stores().stream().allMatch(store -> store.status() == ComponentStatus.UP));
        return new SuiteStatus(allUp ? ComponentStatus.UP : ComponentStatus.DOWN, checkedAt, services);
    }
}
