package io.crowsnest.gateway.domain;

import java.util.List;

/**
 * One service as the status page shows it.
 *
 * @param name          service name, e.g. "contact-governance"
 * @param status        UP when the service answered SERVING
 * @param detail        why it is down, in words (empty when up)
 * @param latencyMillis round trip of the health call, in milliseconds
 * @param stores        the stores the service owns, each with its status
 */
public record ServiceHealth(String name, ComponentStatus status, String detail, long latencyMillis,
        List<StoreHealth> stores) {

    /**
     * @param name   store component, "mongodb" or "redis"
     * @param status UP when the owning service reports it connected
     */
    public record StoreHealth(String name, ComponentStatus status) {
    }
}
