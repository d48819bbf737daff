/**
 * The agent console: server-rendered pages (Qute) with htmx and server-sent events for the live
 * parts, signed in through the OIDC provider (the "console" tenant, a browser session). Pages read
 * through the same adapters and gRPC clients as the JSON API, so they answer what the API answers.
 */
package io.crowsnest.gateway.console;
