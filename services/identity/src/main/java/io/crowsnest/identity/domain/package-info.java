/**
 * The rules of identity as plain records and functions, free of framework, protobuf and store
 * types: identifier types and their normalisation, masks and keyed hashes (Normaliser,
 * IdentifierTypes), who survives a merge (Survivorship), who a request resolves to and who is
 * merged (ResolveRules), the records the use cases take and return (Merge, IdentityChange,
 * Identity, MaskedIdentifier, Reason), and the refusals (IdentityErrors, platform Refusals that
 * the platform's Calls answers with their status).
 */
package io.crowsnest.identity.domain;
