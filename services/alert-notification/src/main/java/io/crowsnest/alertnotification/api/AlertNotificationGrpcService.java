package io.crowsnest.alertnotification.api;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * The gRPC adapter of crowsnest.alertnotification.v1.AlertNotificationService. Every RPC answers UNIMPLEMENTED (the
 * behaviour the generated base class gives) until its behaviour lands with a later issue; nothing here
 * invents data in the meantime.
 */
@GrpcService
public class AlertNotificationGrpcService extends AlertNotificationServiceGrpc.AlertNotificationServiceImplBase {
}
