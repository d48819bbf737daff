/**
 * The contract's messages (crowsnest.alertnotification.v1, crowsnest.common.v1) to this service's
 * domain records and back: AlertRequests (requests as domain inputs; a field not given is null in
 * a draft), AlertMessages, DeliveryMessages, LeadMessages, TeamMessages, BriefingMessages, and
 * FeedEntries (the feed's encoding of an alert, as the feed/ package asks for it). Used by api/,
 * never the other way round; no request checks here (a message is mapped as given).
 */
package io.crowsnest.alertnotification.mapping;
