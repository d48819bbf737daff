/**
 * The use cases of scoring, one class per capability: observe an event (and its batch variant),
 * observe attributes, read scores, forget a person, apply a merge, write and activate plans, write
 * segments and systems, list members, the population view, the transition stream; with what they
 * share (the plan and segment catalogues, the segment evaluation, value scoring). They take and
 * return domain records and plain values, read and write through store/, call identity through
 * client/ and refuse with the domain's exceptions; requests arrive checked by api/, which maps
 * them to and from the contract and keeps the idempotent answers. No contract type appears here:
 * where a use case needs the contract's encoding it asks an interface it owns that api/
 * implements — ForgetOnce (identity's erasures answered once per key as ForgetPerson is) and
 * VariableMessages (the messages CEL reads a person's features and value as; CEL itself works on
 * protobuf messages and descriptors, so those library types appear in the segment variables).
 */
package io.crowsnest.scoring.service;
