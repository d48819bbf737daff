/**
 * Background processors that follow other services' streams: identity's change stream (MERGED
 * combines two persons' data through the MergeService, FORGOTTEN erases it through the
 * ForgetService). Each change is applied once per its offset's idempotency key.
 */
package io.crowsnest.contactgovernance.followers;
