/**
 * MongoDB (database {@code alerts}) and Redis access that persists the domain records: alerts and
 * their inboxes, teams, deliveries. The document mapping lives here, next to the queries that need it.
 */
package io.crowsnest.alertnotification.store;
