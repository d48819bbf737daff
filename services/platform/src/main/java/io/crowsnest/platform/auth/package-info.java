/**
 * Service-to-service authentication and per-RPC authorisation. Every gRPC call between services
 * carries a short-lived token signed with the caller's own key (ES256 JWT: caller, audience,
 * expiry; {@link io.crowsnest.platform.auth.CallerTokens} attaches it to every outgoing call); the
 * called service verifies it against the caller's public key and lets the call through only when
 * its allow-list names that caller for that RPC ({@link io.crowsnest.platform.auth.CallerCheck}).
 * Keys and the allow-list come from the Helm chart or the local stack; see docs/security.md.
 */
package io.crowsnest.platform.auth;
