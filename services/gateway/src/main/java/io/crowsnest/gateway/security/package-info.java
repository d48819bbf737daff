/**
 * Who is calling: the roles of Crowsnest (agent, supervisor, admin, service), the roles each one
 * implies, and the caller's id taken from the verified OIDC token — never from a header.
 */
package io.crowsnest.gateway.security;
