/**
 * gRPC plumbing every service shares: building errors the way the contracts promise them
 * (INVALID_ARGUMENT with field violations, ErrorInfo reasons), the checks of contract-wide request
 * fields, per-item errors of batch RPCs, timestamps, content hashes, and calling peers with deadlines.
 */
package io.crowsnest.platform.grpc;
