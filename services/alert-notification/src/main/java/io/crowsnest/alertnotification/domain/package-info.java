/**
 * The rules of alerts, teams and deliveries as plain records and pure functions: who may read or
 * acknowledge an alert, how a briefing counts acknowledgements, when a reservation may carry a
 * delivery, how a delivery's status moves. No protobuf, MongoDB, Redis or Quarkus types here;
 * refusals are the exceptions of {@link io.crowsnest.alertnotification.domain.DomainException}.
 */
package io.crowsnest.alertnotification.domain;
