/**
 * The gateway's typed configuration ({@code crowsnest.gateway.*}, a {@code @ConfigMapping}): the
 * deadlines of its calls to each service, the rate limit per client, how often scoring's population
 * view is read again, and the erasure sweep. The services' addresses are Quarkus gRPC client
 * settings; sign-in is quarkus-oidc's.
 */
package io.crowsnest.gateway.config;
