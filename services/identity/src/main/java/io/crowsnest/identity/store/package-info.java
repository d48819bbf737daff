/** Access to the stores this service owns (MongoDB database `identity`); no other service reads them. */
package io.crowsnest.identity.store;
