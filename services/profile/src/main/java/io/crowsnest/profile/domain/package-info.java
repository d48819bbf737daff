/**
 * The rules of profile as plain records and functions, free of framework, protobuf and store types:
 * newest wins per attribute (Facts), what a merge or unmerge changes (Merges), what an event must be
 * (EventRules) with its time limits (EventTime) and properties (PropertyRules), what an
 * UpdateAttributes may ask (UpdateRules) and attribute values (AttributeRules), answers
 * (AnswerRules), activity sums (Activity), the custom-attribute limit (CustomAttributes), delivery
 * back-off (Backoff), the records the use cases share (PersonRef, EventFacts, MaskedIdentifier), and
 * the refusals (ProfileErrors, platform Refusals that the platform's Calls answers with their status).
 */
package io.crowsnest.profile.domain;
