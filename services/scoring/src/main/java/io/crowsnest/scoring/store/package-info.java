/**
 * Access to the stores this service owns (MongoDB database `scoring` and its own Redis); no other
 * service reads them. The document and Redis layouts are mapped here.
 */
package io.crowsnest.scoring.store;
