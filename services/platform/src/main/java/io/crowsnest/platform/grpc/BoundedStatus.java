package io.crowsnest.platform.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps every error a service answers small enough to reach its caller. A refusal may quote what
 * the caller sent (a 200 kB value, a thousand invalid list items); the status message and the
 * details travel in HTTP/2 trailers, and a caller refuses trailers over its limit (8 KiB by
 * default) — it would see a broken stream (INTERNAL) instead of the refusal. So the message is cut
 * at {@value #MAX_TEXT} bytes of UTF-8 (percent-encoded in the trailer it takes up to three times
 * that), each field violation and metadata value at {@value #MAX_ITEM}, and details beyond
 * {@value #MAX_DETAILS} bytes are dropped (field violations that do not fit are summarised as one).
 */
@GlobalInterceptor
@ApplicationScoped
public class BoundedStatus implements ServerInterceptor {

    static final int MAX_TEXT = 600;
    static final int MAX_ITEM = 200;
    static final int MAX_DETAILS = 2048;
    /** The trailer that carries google.rpc.Status with the details, read and written as bytes. */
    private static final Metadata.Key<byte[]> DETAILS = Metadata.Key.of("grpc-status-details-bin",
            Metadata.BINARY_BYTE_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return next.startCall(new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                super.close(bounded(status), bounded(trailers));
            }
        }, headers);
    }

    static Status bounded(Status status) {
        String description = status.getDescription();
        return description == null || utf8Length(description) <= MAX_TEXT ? status
                : status.withDescription(cut(description, MAX_TEXT));
    }

    static Metadata bounded(Metadata trailers) {
        if (trailers == null || !trailers.containsKey(DETAILS)) {
            return trailers;
        }
        com.google.rpc.Status details;
        try {
            details = com.google.rpc.Status.parseFrom(trailers.get(DETAILS));
        } catch (InvalidProtocolBufferException e) {
            return trailers;
        }
        if (details.getSerializedSize() <= MAX_DETAILS && utf8Length(details.getMessage()) <= MAX_TEXT) {
            return trailers;
        }
        com.google.rpc.Status.Builder small = details.toBuilder().setMessage(cut(details.getMessage(), MAX_TEXT))
                .clearDetails();
        int budget = MAX_DETAILS - small.build().getSerializedSize();
        for (Any detail : details.getDetailsList()) {
            Any kept = detail;
            try {
                if (detail.is(BadRequest.class)) {
                    kept = Any.pack(violations(detail.unpack(BadRequest.class), budget / 2));
                } else if (detail.is(ErrorInfo.class)) {
                    ErrorInfo.Builder info = detail.unpack(ErrorInfo.class).toBuilder();
                    info.getMetadataMap().forEach((k, v) -> info.putMetadata(k, cut(v, MAX_ITEM)));
                    kept = Any.pack(info.build());
                }
            } catch (InvalidProtocolBufferException e) {
                continue;
            }
            if (kept.getSerializedSize() <= budget) {
                small.addDetails(kept);
                budget -= kept.getSerializedSize();
            }
        }
        trailers.discardAll(DETAILS);
        trailers.put(DETAILS, small.build().toByteArray());
        return trailers;
    }

    private static BadRequest violations(BadRequest all, int budget) {
        BadRequest.Builder kept = BadRequest.newBuilder();
        int left = all.getFieldViolationsCount();
        for (BadRequest.FieldViolation v : all.getFieldViolationsList()) {
            BadRequest.FieldViolation small = v.toBuilder().setField(cut(v.getField(), MAX_ITEM))
                    .setDescription(cut(v.getDescription(), MAX_ITEM)).build();
            if (kept.build().getSerializedSize() + small.getSerializedSize() + 64 > budget) {
                break;
            }
            kept.addFieldViolations(small);
            left--;
        }
        if (left > 0) {
            kept.addFieldViolations(BadRequest.FieldViolation.newBuilder().setField("")
                    .setDescription("and " + left + " more invalid fields"));
        }
        return kept.build();
    }

    /** The text cut to at most {@code maxBytes} bytes of UTF-8, saying how much was cut. */
    static String cut(String text, int maxBytes) {
        if (utf8Length(text) <= maxBytes) {
            return text;
        }
        String note = "… (" + text.length() + " characters in all)";
        int budget = maxBytes - utf8Length(note);
        int end = 0;
        int bytes = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end) + note;
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
