/**
 * The use cases, one class per job, named for what it does (PublishAlertService, InboxService,
 * AcknowledgeService, TeamService, DeliveryService...): each reads and writes through store/,
 * applies the rules of domain/, calls peers through client/ and announces changes on the feed.
 * No protobuf here.
 */
package io.crowsnest.alertnotification.service;
