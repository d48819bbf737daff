/**
 * Access to the stores this service owns (MongoDB database `governance` and its own Redis); no
 * other service reads them. Stores take and return domain records. MongoDB keeps the ledger,
 * reservations, consents and their history, policy versions and person states; ledger entries,
 * reservations, consents and policy versions (with their audit entries) are kept as the contract's
 * messages in their proto3 JSON (as stored since the first release) beside the fields queries use,
 * written and read through {@link io.crowsnest.contactgovernance.store.RecordFormat}, whose
 * implementations are part of api/'s mapping. Redis keeps the live counters and runs the one atomic
 * reserve step.
 */
package io.crowsnest.contactgovernance.store;
