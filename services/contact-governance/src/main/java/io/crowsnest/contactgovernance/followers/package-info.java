/**
 * Background processors that follow other services' streams: identity's changes, followed with the
 * platform's IdentityChangeFollower as platform IdentityEvents (MERGED combines two persons' data through
 * the MergeService, FORGOTTEN erases it through the ForgetService). Each change is applied once per
 * its offset's idempotency key. No contract (protobuf) type is used here.
 */
package io.crowsnest.contactgovernance.followers;
