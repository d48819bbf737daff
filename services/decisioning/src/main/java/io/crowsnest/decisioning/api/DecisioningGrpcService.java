package io.crowsnest.decisioning.api;

import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * The gRPC adapter of crowsnest.decisioning.v1.DecisioningService. Every RPC answers UNIMPLEMENTED (the
 * behaviour the generated base class gives) until its behaviour lands with a later issue; nothing here
 * invents data in the meantime.
 */
@GrpcService
public class DecisioningGrpcService extends DecisioningServiceGrpc.DecisioningServiceImplBase {
}
