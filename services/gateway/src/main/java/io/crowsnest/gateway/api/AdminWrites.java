package io.crowsnest.gateway.api;

import java.util.List;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * The body of an administrative write plus who sends it: the Idempotency-Key header, when given,
 * replaces the body's idempotency_key, and the signed-in caller always replaces its actor field
 * (every administrative request of the contracts has both).
 */
final class AdminWrites {

    private AdminWrites() {
    }

    static <B extends Message.Builder> B parse(String body, B builder, boolean bodyRequired, String idempotencyKey,
            String actor) {
        ProtoJson.parse(body, builder, bodyRequired);
        set(builder, "idempotency_key", idempotencyKey);
        set(builder, "actor", actor);
        return builder;
    }

    /** As parse, but the Idempotency-Key header is required (the request has no other place for it). */
    static <B extends Message.Builder> B parseWithHeaders(String body, B builder, String idempotencyKey, String actor) {
        List<Problem.Violation> violations = new java.util.ArrayList<>();
        RequestParams.requiredHeader(idempotencyKey, "Idempotency-Key", violations);
        InvalidRequest.throwIfAny(violations);
        return parse(body, builder, false, idempotencyKey, actor);
    }

    private static void set(Message.Builder builder, String field, String header) {
        FieldDescriptor descriptor = builder.getDescriptorForType().findFieldByName(field);
        if (descriptor != null && header != null && !header.isBlank()) {
            builder.setField(descriptor, header.trim());
        }
    }
}
