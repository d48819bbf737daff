/**
 * The gateway's HTTP API for call-centre apps and the console: one JAX-RS resource per group of
 * routes (customers, decisions, alerts, campaigns, administration, status), the request limits and
 * filters (body size, rate limit, access audit), and the one mapping of a service's gRPC status to
 * problem+json (GrpcProblems, ProblemMappers). Resources read and check the request, call the
 * services' gRPC stubs or a use case in service/, and map the answer to JSON; they decide nothing
 * themselves.
 */
package io.crowsnest.gateway.api;
