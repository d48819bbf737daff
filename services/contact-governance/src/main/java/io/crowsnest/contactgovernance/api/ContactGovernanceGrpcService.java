package io.crowsnest.contactgovernance.api;

import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * The gRPC adapter of crowsnest.contactgovernance.v1.ContactGovernanceService. Every RPC answers UNIMPLEMENTED (the
 * behaviour the generated base class gives) until its behaviour lands with #3; nothing here
 * invents data in the meantime.
 */
@GrpcService
public class ContactGovernanceGrpcService extends ContactGovernanceServiceGrpc.ContactGovernanceServiceImplBase {
}
