/** Intentionally empty: the gateway owns no store; it asks the services over gRPC. */
package io.crowsnest.gateway.store;
