/**
 * The rules of identity as plain records and functions, free of framework, protobuf and store
 * types: identifier types and their normalisation, masks and keyed hashes (Normaliser,
 * IdentifierTypes), who survives a merge (Survivorship), who a request resolves to and who is
 * merged (ResolveRules), and the refusals (IdentityErrors), which api/ErrorMapper answers.
 */
package io.crowsnest.identity.domain;
