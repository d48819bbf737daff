package io.crowsnest.identity.api;

import jakarta.inject.Inject;

import io.crowsnest.identity.v1.ForgetPersonRequest;
import io.crowsnest.identity.v1.ForgetPersonResponse;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.identity.v1.GetDeliveryAddressesResponse;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.LinkPersonsRequest;
import io.crowsnest.identity.v1.LinkPersonsResponse;
import io.crowsnest.identity.v1.ListTombstonesRequest;
import io.crowsnest.identity.v1.ListTombstonesResponse;
import io.crowsnest.identity.v1.StreamIdentityChangesRequest;
import io.crowsnest.identity.v1.StreamIdentityChangesResponse;
import io.crowsnest.identity.v1.UnmergePersonsRequest;
import io.crowsnest.identity.v1.UnmergePersonsResponse;
import io.crowsnest.identity.v1.GetIdentityResponse;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.ListIdentifierTypesRequest;
import io.crowsnest.identity.v1.ListIdentifierTypesResponse;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.LookupPersonResponse;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.ResolvePersonsRequest;
import io.crowsnest.identity.v1.ResolvePersonsResponse;
import io.crowsnest.platform.grpc.Calls;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * The gRPC adapter of crowsnest.identity.v1.IdentityService: each RPC runs on a worker thread, is
 * handed to the adapter of its area and its failures become the contract's status codes in one
 * place (the platform's {@link Calls}, which answers identity's refusals by their kind and reason);
 * the change stream runs on its own thread (see ChangeStreamAdapter).
 */
@GrpcService
public class IdentityGrpcService extends IdentityServiceGrpc.IdentityServiceImplBase {

    /** Request bytes that are no valid message are refused INVALID_ARGUMENT MALFORMED_REQUEST (platform). */
    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return io.crowsnest.platform.grpc.UnparsableRequests.guard(super.bindService());
    }

    @Inject
    ResolveAdapter resolve;
    @Inject
    DirectoryAdapter directory;
    @Inject
    LineageAdapter lineage;
    @Inject
    ForgetAdapter forget;
    @Inject
    ChangeStreamAdapter feed;
    @Inject
    TombstoneAdapter tombstones;

    @Override
    @Blocking
    public void resolvePerson(ResolvePersonRequest request, StreamObserver<ResolvePersonResponse> response) {
        Calls.unary(response, () -> resolve.resolve(request));
    }

    @Override
    @Blocking
    public void resolvePersons(ResolvePersonsRequest request, StreamObserver<ResolvePersonsResponse> response) {
        Calls.unary(response, () -> resolve.resolve(request));
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

    @Override
    @Blocking
    public void linkPersons(LinkPersonsRequest request, StreamObserver<LinkPersonsResponse> response) {
        Calls.unary(response, () -> lineage.link(request));
    }

    @Override
    @Blocking
    public void unmergePersons(UnmergePersonsRequest request, StreamObserver<UnmergePersonsResponse> response) {
        Calls.unary(response, () -> lineage.unmerge(request));
    }

    @Override
    @Blocking
    public void forgetPerson(ForgetPersonRequest request, StreamObserver<ForgetPersonResponse> response) {
        Calls.unary(response, () -> forget.forget(request));
    }

    @Override
    @Blocking
    public void getDeliveryAddresses(GetDeliveryAddressesRequest request,
            StreamObserver<GetDeliveryAddressesResponse> response) {
        Calls.unary(response, () -> directory.deliveryAddresses(request));
    }

    @Override
    @Blocking
    public void listTombstones(ListTombstonesRequest request, StreamObserver<ListTombstonesResponse> response) {
        Calls.unary(response, () -> tombstones.list(request));
    }

    @Override
    @Blocking
    public void streamIdentityChanges(StreamIdentityChangesRequest request,
            StreamObserver<StreamIdentityChangesResponse> response) {
        Calls.stream(response, () -> feed.stream(request, response));
    }
}
