/**
 * Channel connectors that hand a message to a provider: the local sink (a readable file per message)
 * and the signed HTTP webhook. A connector sends under the delivery id as its idempotency key, so a
 * retried send is recognised by the provider and a message is never sent twice.
 */
package io.crowsnest.alertnotification.connector;
