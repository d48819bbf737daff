/** The gateway's own use cases, one per class (the access audit). */
package io.crowsnest.gateway.service;
