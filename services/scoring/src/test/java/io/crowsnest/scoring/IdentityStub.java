package io.crowsnest.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.GetIdentityResponse;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.LookupPersonResponse;
import io.crowsnest.identity.v1.StreamIdentityChangesRequest;
import io.crowsnest.identity.v1.StreamIdentityChangesResponse;
import io.crowsnest.localstack.testing.FreePort;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plays identity for scoring's tests: a real gRPC server on a free port answering LookupPerson and
 * GetIdentity for what a test registers, NOT_FOUND for the rest, and serving StreamIdentityChanges:
 * every change a test pushed after the offset asked for, then the later ones as they are pushed
 * (a server stream that stays open until the client cancels it).
 */
public class IdentityStub implements QuarkusTestResourceLifecycleManager {

    /** Identifier "type|value" -> person id. */
    static final Map<String, String> HOLDERS = new ConcurrentHashMap<>();
    /** Person id (a survivor or a merged-away id) -> the survivor's identity. */
    static final Map<String, Identity> IDENTITIES = new ConcurrentHashMap<>();

    /** The change feed, in offset order: pushed by tests. */
    static final List<IdentityChange> CHANGES = new CopyOnWriteArrayList<>();

    private Server server;

    /** Appends a change to the feed (its offset must exceed every offset pushed before). */
    static void push(IdentityChange change) {
        CHANGES.add(change);
    }

    @Override
    public Map<String, String> start() {
        int port = FreePort.pick();
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(new IdentityServiceGrpc.IdentityServiceImplBase() {
                        @Override
                        public void lookupPerson(LookupPersonRequest request,
                                StreamObserver<LookupPersonResponse> response) {
                            String holder = HOLDERS.get(request.getIdentifier().getType() + "|"
                                    + request.getIdentifier().getValue());
                            if (holder == null) {
                                response.onError(Status.NOT_FOUND.withDescription("no person holds it")
                                        .asRuntimeException());
                                return;
                            }
                            response.onNext(LookupPersonResponse.newBuilder().setPersonId(holder).build());
                            response.onCompleted();
                        }

                        @Override
                        public void getIdentity(GetIdentityRequest request,
                                StreamObserver<GetIdentityResponse> response) {
                            Identity identity = IDENTITIES.get(request.getPersonId());
                            if (identity == null) {
                                response.onError(Status.NOT_FOUND.withDescription("unknown or forgotten")
                                        .asRuntimeException());
                                return;
                            }
                            response.onNext(GetIdentityResponse.newBuilder().setIdentity(identity).build());
                            response.onCompleted();
                        }

                        @Override
                        public void streamIdentityChanges(StreamIdentityChangesRequest request,
                                StreamObserver<StreamIdentityChangesResponse> response) {
                            ServerCallStreamObserver<StreamIdentityChangesResponse> call =
                                    (ServerCallStreamObserver<StreamIdentityChangesResponse>) response;
                            Thread feed = new Thread(() -> serve(request.getAfterOffset(), call), "identity-stub-feed");
                            feed.setDaemon(true);
                            feed.start();
                        }
                    }).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("crowsnest.identity.host", "127.0.0.1", "crowsnest.identity.port", Integer.toString(port));
    }

    private static void serve(long after, ServerCallStreamObserver<StreamIdentityChangesResponse> call) {
        long sent = after;
        try {
            while (!call.isCancelled()) {
                for (IdentityChange change : CHANGES) {
                    if (change.getOffset() > sent) {
                        call.onNext(StreamIdentityChangesResponse.newBuilder().setChange(change).build());
                        sent = change.getOffset();
                    }
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException | RuntimeException e) {
            // the client went away or the server stops
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
