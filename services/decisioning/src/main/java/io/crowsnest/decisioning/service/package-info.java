/**
 * The use cases of decisioning, one class per capability (create, update, retire and read actions;
 * decide; record outcomes; read the decision log; forget; merge; launch, dry-run, pause, resume,
 * cancel and report campaigns, record campaign responses), each reading and writing through store/
 * and calling neighbours through client/. No protocol types here (neither decisioning's contract
 * nor its neighbours'): use cases take and return domain records, read neighbours' answers as
 * client/'s records and their refusals as PeerFailure. The profile and value scores an expression
 * reads pass through as the opaque payloads the neighbours sent (see expression/).
 */
package io.crowsnest.decisioning.service;
