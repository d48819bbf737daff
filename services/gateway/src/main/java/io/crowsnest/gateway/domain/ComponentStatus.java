package io.crowsnest.gateway.domain;

/** Whether a service or a store answers and is ready. */
public enum ComponentStatus {
    /** Answering and ready. */
    UP,
    /** Not answering, or answering that it is not ready. */
    DOWN
}
