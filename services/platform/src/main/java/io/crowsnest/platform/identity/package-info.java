/**
 * Talking to identity the same way from every service: resilient lookups ({@code IdentityCalls}) and
 * following identity's change stream ({@code IdentityChangeFollower}), its changes read as plain
 * {@code IdentityEvent}s. What a service does with a merge or an erasure is the service's own use
 * case, not here.
 */
package io.crowsnest.platform.identity;
