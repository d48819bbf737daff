/**
 * The use cases of profile, one class per capability: record an event and its batch variant
 * (RecordEventService, RecordEventBatchService, both writing through EventRecorder's crash-safe
 * order), update attributes, record an answer, the reads (profile, events, history, export), the
 * erasure (ForgetService, for ForgetPerson and identity's FORGOTTEN) and the merge handler
 * (MergeService, for identity's MERGED and UNMERGED). Requests arrive checked (api/ does that) as
 * records (a PersonRef, an Update, a Submitted event…); answers are records (ProfileView,
 * Result, history entries…) that api/ maps to the contract; refusals are thrown as domain
 * exceptions (domain/ProfileErrors); identity's verdicts arrive from client/ already in profile's
 * terms. No contract message, protobuf or gRPC type is used here. Opaque payloads pass through as
 * bytes or strings: a submitted event's request (made into the kept event by store/EventFormat), its
 * fingerprint (taken by api/ from the request as sent) and its ObserveEvent request for scoring
 * (made by client/ScoringObservations).
 */
package io.crowsnest.profile.service;
