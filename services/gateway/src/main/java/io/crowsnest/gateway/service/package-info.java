/**
 * The gateway's own use cases, one per class: the access audit (AccessAuditService) and the erasure
 * of a customer in every service (EraseService). They take and return domain records (domain/) and
 * reach the services through client/, whose refusals arrive as a PeerFailure, never as contract
 * messages or gRPC types.
 */
package io.crowsnest.gateway.service;
