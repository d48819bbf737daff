/** Access to the stores this service owns (MongoDB database `governance` and its own Redis); no other service reads them. */
package io.crowsnest.contactgovernance.store;
