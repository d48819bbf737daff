/**
 * The contract's messages (crowsnest.contactgovernance.v1 and crowsnest.common.v1) to this
 * service's domain records and back, every field both ways: ContractMapping (enums, verdicts,
 * windows, the policy's rules read through PolicyDrafts), Reservations, LedgerEntries,
 * ConsentMessages, PolicyMessages (also the policy use cases' PolicyContents: a policy's rules and
 * its field-level diff over the tree of contract fields PolicyFields reads from the descriptors),
 * ContractAnswers (the answers the use cases keep for retries), ReserveAnswers (ReserveContact's
 * answer, kept in its reservation, and the batch's). StoredFormats gives store/ its RecordFormats
 * (records kept as their contract message's JSON). Used by api/, never the other way round; no
 * request checks here (a message is mapped as given; api/ decides whether it is valid).
 */
package io.crowsnest.contactgovernance.mapping;
