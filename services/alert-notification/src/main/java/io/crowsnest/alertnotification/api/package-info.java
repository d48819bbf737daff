/**
 * Thin gRPC adapters: request checks (INVALID_ARGUMENT with one field violation per bad field),
 * proto to domain mapping, a call to one use case of service/, and the answer mapped back.
 * {@link io.crowsnest.alertnotification.api.ErrorMapper} turns domain refusals into gRPC status in
 * one place.
 */
package io.crowsnest.alertnotification.api;
