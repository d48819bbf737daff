/** Background processors of the gateway: following identity's change stream for erasures. */
package io.crowsnest.gateway.followers;
