package io.crowsnest.platform.grpc;

import org.jboss.logging.Logger;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.common.v1.ItemFieldViolation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Batch RPCs answer each item on its own: the error the single-item RPC would have answered for
 * an item becomes that item's {@link ItemError}, and the other items go on.
 */
public final class ItemErrors {

    private static final Logger LOG = Logger.getLogger(ItemErrors.class);

    private ItemErrors() {
    }

    /**
     * The item's error: the status the single-item RPC would answer (a store outage is UNAVAILABLE,
     * as {@link Calls#status} maps it), with the reason and field violations of its details.
     */
    public static ItemError of(RuntimeException failure) {
        StatusRuntimeException e = Calls.status(failure);
        ItemError.Builder item = ItemError.newBuilder().setCode(e.getStatus().getCode().value())
                .setMessage(e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription());
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return item.build();
        }
        for (Any detail : status.getDetailsList()) {
            try {
                if (detail.is(ErrorInfo.class)) {
                    item.setReason(detail.unpack(ErrorInfo.class).getReason());
                } else if (detail.is(BadRequest.class)) {
                    for (BadRequest.FieldViolation v : detail.unpack(BadRequest.class).getFieldViolationsList()) {
                        item.addFieldViolations(ItemFieldViolation.newBuilder().setField(v.getField())
                                .setDescription(v.getDescription()));
                    }
                }
            } catch (InvalidProtocolBufferException unreadable) {
                LOG.warnf("unreadable error detail %s", detail.getTypeUrl());
            }
        }
        return item.build();
    }

    /** The error the single-item client would have thrown, for a caller that handles items one by one. */
    public static StatusRuntimeException toException(ItemError error) {
        if (error.getFieldViolationsCount() > 0) {
            return GrpcErrors.invalid(error.getFieldViolationsList().stream()
                    .map(v -> new GrpcErrors.FieldViolation(v.getField(), v.getDescription())).toList());
        }
        Status.Code code = Status.fromCodeValue(error.getCode()).getCode();
        if (error.getReason().isEmpty()) {
            return code.toStatus().withDescription(error.getMessage()).asRuntimeException();
        }
        return GrpcErrors.error(code, error.getReason(), error.getMessage());
    }
}
