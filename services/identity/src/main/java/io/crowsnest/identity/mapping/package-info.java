/**
 * The contract's messages (crowsnest.identity.v1, crowsnest.common.v1) to identity's commands and
 * records and back (IdentityMapping), and StoredRecords (the RecordFormat store/ asks for: merge
 * records kept in the contract's encoding). Used by api/, never the other way round; no request
 * checks here (a message is mapped as given).
 */
package io.crowsnest.identity.mapping;
