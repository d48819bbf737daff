/** Calls to other Crowsnest services, over gRPC only, each with a deadline. */
package io.crowsnest.scoring.client;
