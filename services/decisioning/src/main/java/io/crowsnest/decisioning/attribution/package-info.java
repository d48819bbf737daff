/**
 * Background processor that attributes what happens after a campaign's contact without anyone
 * reporting it to decisioning: the purchases profile records for the audience members within the
 * attribution window, and the provider's delivery reports alert-notification keeps.
 */
package io.crowsnest.decisioning.attribution;
