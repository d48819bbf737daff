package io.crowsnest.contactgovernance.api;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowsnest.contactgovernance.service.Outages;
import io.crowsnest.platform.grpc.Calls;
import io.grpc.Status;

/**
 * A failure is an outage when the platform's {@link Calls} would answer it UNAVAILABLE: a refusal
 * of kind UNAVAILABLE, or a store (Redis, MongoDB) that could not take the call.
 */
@ApplicationScoped
class StatusOutages implements Outages {

    @Override
    public boolean unavailable(RuntimeException e) {
        return Calls.status(e).getStatus().getCode() == Status.Code.UNAVAILABLE;
    }
}
