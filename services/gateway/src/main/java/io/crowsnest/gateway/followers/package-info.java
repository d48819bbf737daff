/** Background processors of the gateway: following identity's change stream for erasures, completing interrupted erasures. */
package io.crowsnest.gateway.followers;
