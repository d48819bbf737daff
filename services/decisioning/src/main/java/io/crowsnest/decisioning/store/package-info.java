/** Access to the stores this service owns (MongoDB database `decisioning`); no other service reads them. */
package io.crowsnest.decisioning.store;
