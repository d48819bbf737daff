package io.crowsnest.profile.api;

import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * The gRPC adapter of crowsnest.profile.v1.ProfileService. Every RPC answers UNIMPLEMENTED (the
 * behaviour the generated base class gives) until its behaviour lands with #4; nothing here
 * invents data in the meantime.
 */
@GrpcService
public class ProfileGrpcService extends ProfileServiceGrpc.ProfileServiceImplBase {
}
