/**
 * The rules of profile as plain records and functions, free of framework, protobuf and store types:
 * newest wins per attribute (Facts), what a merge or unmerge changes (Merges), event time limits
 * (EventTime), event properties (PropertyRules), attribute values (AttributeRules), answers
 * (AnswerRules), activity sums (Activity), the custom-attribute limit (CustomAttributes), delivery
 * back-off (Backoff), the records the use cases share (PersonRef, EventFacts,
 * MaskedIdentifier), and the refusals (ProfileErrors, platform Refusals that the platform's Calls
 * answers with their status).
 */
package io.crowsnest.profile.domain;
