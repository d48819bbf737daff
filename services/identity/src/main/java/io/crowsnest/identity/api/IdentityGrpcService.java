package io.crowsnest.identity.api;

import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * The gRPC adapter of crowsnest.identity.v1.IdentityService. Every RPC answers UNIMPLEMENTED (the
 * behaviour the generated base class gives) until its behaviour lands with #4; nothing here
 * invents data in the meantime.
 */
@GrpcService
public class IdentityGrpcService extends IdentityServiceGrpc.IdentityServiceImplBase {
}
