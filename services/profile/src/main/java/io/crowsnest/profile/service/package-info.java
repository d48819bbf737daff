/**
 * The use cases of profile, one class per capability: record an event and its batch variant
 * (RecordEventService, RecordEventBatchService, both writing through EventRecorder's crash-safe
 * order), update attributes, record an answer, the reads (profile, events, history, export), the
 * erasure (ForgetService, for ForgetPerson and identity's FORGOTTEN) and the merge handler
 * (MergeService, for identity's MERGED and UNMERGED). Requests arrive checked (api/ does that);
 * refusals are thrown as domain exceptions (domain/ProfileErrors). Events and answers are built as
 * profile's contract messages here (EventMapping, ProfileMessages, AttributeMapping, Values) because
 * the stores keep events and idempotent responses as those messages.
 */
package io.crowsnest.profile.service;
