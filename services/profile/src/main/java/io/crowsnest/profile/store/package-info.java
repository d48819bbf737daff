/** Access to the stores this service owns (MongoDB database `profile`); no other service reads them. */
package io.crowsnest.profile.store;
