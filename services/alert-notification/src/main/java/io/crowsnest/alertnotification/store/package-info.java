/** Access to the stores this service owns (MongoDB database `alerts` and its own Redis); no other service reads them. */
package io.crowsnest.alertnotification.store;
