/**
 * The rules of alerts, teams and deliveries as plain records and pure functions: who may read or
 * acknowledge an alert, how a briefing counts acknowledgements, when a reservation may carry a
 * delivery, how a delivery's status moves, and what makes an alert, a briefing, a team, a lead rule
 * or a delivery order well-formed (the *Rules classes, reporting each bad field under its request
 * path through {@link io.crowsnest.alertnotification.domain.Fields.Problems}). No protobuf, MongoDB,
 * Redis or Quarkus types here; refusals are the exceptions of
 * {@link io.crowsnest.alertnotification.domain.DomainException}.
 */
package io.crowsnest.alertnotification.domain;
