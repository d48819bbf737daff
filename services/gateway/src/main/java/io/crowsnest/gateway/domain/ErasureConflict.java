package io.crowsnest.gateway.domain;

/** An idempotency key already used for the erasure of another person. */
public final class ErasureConflict extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ErasureConflict(String detail) {
        super(detail, null, false, false);
    }
}
