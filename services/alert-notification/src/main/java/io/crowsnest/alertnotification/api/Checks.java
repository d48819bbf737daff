package io.crowsnest.alertnotification.api;

import io.crowsnest.alertnotification.domain.Fields;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.platform.grpc.GrpcErrors.Violations;

/**
 * The checks of the contract's shared messages (person references, reasons); the field shapes
 * themselves are the domain's {@link Fields}.
 */
final class Checks {

    private Checks() {
    }

    static void reason(Violations v, String field, boolean present, Reason reason, boolean required) {
        Fields.reason(v::add, field, present ? new io.crowsnest.alertnotification.domain.Reason(reason.getCode(),
                reason.getMessage()) : null, required);
    }

    static void person(Violations v, String field, boolean present, PersonRef ref) {
        if (!present || ref.getRefCase() == PersonRef.RefCase.REF_NOT_SET) {
            v.add(field, "required");
        } else if (ref.hasIdentifier()) {
            if (ref.getIdentifier().getType().isEmpty()) {
                v.add(field + ".identifier.type", "required");
            }
            if (ref.getIdentifier().getValue().isEmpty()) {
                v.add(field + ".identifier.value", "required");
            }
        } else if (ref.getPersonId().isEmpty() || ref.getPersonId().length() > 64) {
            v.add(field + ".person_id", ref.getPersonId().isEmpty() ? "required" : "at most 64 characters");
        }
    }
}
