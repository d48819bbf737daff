package io.crowsnest.alertnotification.api;

import io.crowsnest.alertnotification.domain.Fields;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.platform.grpc.RequestChecks;

/**
 * The checks of the contract's shared messages: person references by the platform's
 * {@link RequestChecks} (one rule in every service), reasons by the domain's {@link Fields}.
 */
final class Checks {

    private Checks() {
    }

    static void reason(RequestChecks v, String field, boolean present, Reason reason, boolean required) {
        Fields.reason(v::add, field, present ? new io.crowsnest.alertnotification.domain.Reason(reason.getCode(),
                reason.getMessage()) : null, required);
    }

    /** A person reference by the platform's rule (the same in every service); unset is "required". */
    static void person(RequestChecks v, String field, boolean present, PersonRef ref) {
        if (!present) {
            v.add(field, "is required: a person_id or an identifier");
        } else {
            v.person(ref, field);
        }
    }
}
