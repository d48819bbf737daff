package io.crowsnest.scoring.api;

import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * The gRPC adapter of crowsnest.scoring.v1.ScoringService. Every RPC answers UNIMPLEMENTED (the
 * behaviour the generated base class gives) until its behaviour lands with #5; nothing here
 * invents data in the meantime.
 */
@GrpcService
public class ScoringGrpcService extends ScoringServiceGrpc.ScoringServiceImplBase {
}
