/**
 * The base of every service's domain refusals: plain Java, no gRPC or framework type, so a
 * service's {@code domain/} can declare its situations (a person forgotten, a reservation closed…)
 * as subclasses of {@link io.crowsnest.platform.errors.Refusal} and the platform's
 * {@link io.crowsnest.platform.grpc.Calls} turns them into status codes the same way everywhere.
 */
package io.crowsnest.platform.errors;
