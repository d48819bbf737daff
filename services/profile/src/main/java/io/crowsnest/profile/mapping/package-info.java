/**
 * The contract's messages (crowsnest.profile.v1, crowsnest.common.v1) to profile's records and
 * back: ProfileMapping (records and the use cases' answers to messages, person references to
 * records), AttributeMapping, ExportDocument (a person's export), and StoredEvents (the EventFormat
 * store/ asks for: an event kept in the contract's encoding, byte for byte). Used by api/, never
 * the other way round; no request checks here (a message is mapped as given).
 */
package io.crowsnest.profile.mapping;
