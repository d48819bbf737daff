/**
 * The gateway's own data, in its MongoDB database {@code gateway}: the append-only access audit
 * ({@code customer_accesses}). Everything else the gateway answers comes from the services over gRPC.
 */
package io.crowsnest.gateway.store;
