/**
 * The use cases of decisioning, one class per capability (create, update, retire and read actions;
 * decide; record outcomes; read the decision log; forget; merge; launch, dry-run, pause, resume,
 * cancel and report campaigns, record campaign responses), each reading and writing through store/
 * and calling neighbours through client/. No gRPC types of decisioning's own contract here.
 */
package io.crowsnest.decisioning.service;
