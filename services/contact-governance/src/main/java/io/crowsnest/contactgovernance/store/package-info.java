/**
 * Access to the stores this service owns (MongoDB database `governance` and its own Redis); no
 * other service reads them. MongoDB keeps the ledger, reservations, consents and their history,
 * policy versions and person states (the records are the contract's messages, stored as documents
 * by platform ProtoDocuments, read by the rules through domain views: StoredViews); Redis keeps
 * the live counters and runs the one atomic reserve step.
 */
package io.crowsnest.contactgovernance.store;
