package io.crowsnest.gateway.client;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Names the service when a call to it ends without the service's own answer — the gateway's
 * deadline ran out (DEADLINE_EXCEEDED) or the service could not be reached (UNAVAILABLE) — so that
 * the problem an agent sees says which service is slow or away ("contact-governance did not answer
 * within the gateway's deadline"), with the reason {@code <SERVICE>_UNAVAILABLE} the services use for
 * a peer, instead of the gRPC library's text (which shows the connection's internal addresses).
 * An answer the service gave itself (with its own ErrorInfo) is passed on as it is.
 */
@GlobalInterceptor
@ApplicationScoped
public class PeerStatuses implements ClientInterceptor {

    private static final Metadata.Key<byte[]> DETAILS = Metadata.Key.of("grpc-status-details-bin",
            Metadata.BINARY_BYTE_MARSHALLER);

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        String peer = peer(method.getServiceName());
        if (peer == null) {
            return next.newCall(method, options);
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        StatusRuntimeException named = named(peer, status, trailers);
                        if (named == null) {
                            super.onClose(status, trailers);
                        } else {
                            super.onClose(named.getStatus(), named.getTrailers());
                        }
                    }
                }, headers);
            }
        };
    }

    /** The status with the peer named, or null when the peer answered for itself. */
    static StatusRuntimeException named(String peer, Status status, Metadata trailers) {
        boolean own = trailers != null && trailers.containsKey(DETAILS);
        if (own || (status.getCode() != Status.Code.DEADLINE_EXCEEDED && status.getCode() != Status.Code.UNAVAILABLE)) {
            return null;
        }
        String reason = peer.toUpperCase(Locale.ROOT).replace('-', '_') + "_UNAVAILABLE";
        String message = status.getCode() == Status.Code.DEADLINE_EXCEEDED
                ? peer + " did not answer within the gateway's deadline; retry later"
                : peer + " is not reachable right now; retry later";
        return GrpcErrors.error(status.getCode(), reason, message);
    }

    /**
     * The service of a contract, e.g. contact-governance for
     * crowsnest.contactgovernance.v1.ContactGovernanceService; null for other services (health).
     */
    static String peer(String serviceName) {
        if (serviceName == null || !serviceName.startsWith("crowsnest.")) {
            return null;
        }
        String simple = serviceName.substring(serviceName.lastIndexOf('.') + 1).replaceFirst("Service$", "");
        return simple.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
