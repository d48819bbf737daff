/** Access to the stores this service owns (MongoDB database `scoring` and its own Redis); no other service reads them. */
package io.crowsnest.scoring.store;
