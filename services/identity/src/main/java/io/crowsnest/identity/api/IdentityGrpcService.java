package io.crowsnest.identity.api;

import io.crowsnest.platform.grpc.Calls;
import jakarta.inject.Inject;

import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.GetIdentityResponse;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.ListIdentifierTypesRequest;
import io.crowsnest.identity.v1.ListIdentifierTypesResponse;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.LookupPersonResponse;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * The gRPC adapter of crowsnest.identity.v1.IdentityService: each RPC runs on a worker thread and
 * its failures become the contract's status codes (see Calls). RPCs not overridden here (merges,
 * unmerges, forget, the change stream, delivery addresses) still answer UNIMPLEMENTED, the
 * behaviour the generated base class gives, until they land with #4.
 */
@GrpcService
public class IdentityGrpcService extends IdentityServiceGrpc.IdentityServiceImplBase {

    @Inject
    Resolver resolver;
    @Inject
    Directory directory;

    @Override
    @Blocking
    public void resolvePerson(ResolvePersonRequest request, StreamObserver<ResolvePersonResponse> response) {
        Calls.unary(response, () -> resolver.resolve(request));
    }

    @Override
    @Blocking
    public void lookupPerson(LookupPersonRequest request, StreamObserver<LookupPersonResponse> response) {
        Calls.unary(response, () -> directory.lookup(request));
    }

    @Override
    @Blocking
    public void getIdentity(GetIdentityRequest request, StreamObserver<GetIdentityResponse> response) {
        Calls.unary(response, () -> directory.identity(request));
    }

    @Override
    @Blocking
    public void listIdentifierTypes(ListIdentifierTypesRequest request,
            StreamObserver<ListIdentifierTypesResponse> response) {
        Calls.unary(response, () -> directory.types());
    }
}
