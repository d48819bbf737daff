/**
 * Background work of each replica, off the request path: segment backfills and the re-evaluation
 * schedule of time-dependent segments, and the population snapshot behind GetPopulationView.
 */
package io.crowsnest.scoring.jobs;
