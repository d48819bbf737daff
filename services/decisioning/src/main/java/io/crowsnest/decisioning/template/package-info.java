/**
 * The template language of actions: Qute, for agent scripts, message content and reasons. Parsed and
 * checked when an action is saved (every name must be one the decision offers), rendered strictly
 * per person at decision time (a missing value is an error, never an empty string).
 */
package io.crowsnest.decisioning.template;
