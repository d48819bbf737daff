/** Readiness of the stores a service owns and the standard gRPC health service. */
package io.crowsnest.platform.health;
