/**
 * Plumbing for background processors (sweeps, retries of owed work): how they are scheduled and
 * stopped. What a job does lives in the service's own background package.
 */
package io.crowsnest.platform.jobs;
