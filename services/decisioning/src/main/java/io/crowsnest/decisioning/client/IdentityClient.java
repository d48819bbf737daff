package io.crowsnest.decisioning.client;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/** Calls to identity, each with a deadline. */
@ApplicationScoped
public class IdentityClient {

    @GrpcClient("identity")
    Channel channel;
    @Inject
    DecisioningConfig config;

    /** Whether identity knows (or knew and forgot) the person id. */
    public boolean knows(String personId) {
        try {
            IdentityServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(config.deadlines().profile().toMillis(), TimeUnit.MILLISECONDS)
                    .getIdentity(GetIdentityRequest.newBuilder().setPersonId(personId).build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
                return true;
            }
            throw e;
        }
    }
}
