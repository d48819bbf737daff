/**
 * Access to the stores this service owns (MongoDB database `scoring` and its own Redis); no other
 * service reads them. The document and Redis layouts are mapped here. Not yet free of contract
 * types: plans, segments and systems are stored as their messages' JSON documents, memberships and
 * transitions as their messages' bytes, so those messages are the stored form until the domain has
 * records that write them byte for byte.
 */
package io.crowsnest.scoring.store;
