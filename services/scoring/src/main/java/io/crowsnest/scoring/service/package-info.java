/**
 * The use cases of scoring, one class per capability: observe an event (and its batch variant),
 * observe attributes, read scores, forget a person, apply a merge, write and activate plans, write
 * segments and systems, list members, the population view, the transition stream; with what they
 * share (the plan and segment catalogues, the segment evaluation, value scoring). They read and write
 * through store/, call identity through client/ and refuse with the domain's exceptions. Requests
 * arrive checked by api/; the stored plans and segments are contract messages, so those types
 * appear here too.
 */
package io.crowsnest.scoring.service;
