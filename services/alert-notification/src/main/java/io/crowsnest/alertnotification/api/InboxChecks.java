package io.crowsnest.alertnotification.api;

import java.time.Instant;

import io.crowsnest.alertnotification.domain.Fields;
import io.crowsnest.alertnotification.domain.InboxQuery;
import io.crowsnest.alertnotification.v1.AcknowledgeAlertRequest;
import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertState;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.MarkAlertsReadRequest;
import io.crowsnest.platform.grpc.ContentHash;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.paging.PageTokens;

/** Checks of the inbox RPCs, and ListInbox page tokens (bound to the filter they were issued for). */
final class InboxChecks {

    private InboxChecks() {
    }

    static void list(ListInboxRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.inboxes(v::add, r.getAgentId(), r.getTeamIdsList());
        for (int i = 0; i < r.getStatesCount(); i++) {
            if (r.getStates(i) == AlertState.ALERT_STATE_UNSPECIFIED || r.getStates(i) == AlertState.UNRECOGNIZED) {
                v.add("states[" + i + "]", "unspecified");
            }
        }
        for (int i = 0; i < r.getKindsCount(); i++) {
            if (r.getKinds(i) == AlertKind.ALERT_KIND_UNSPECIFIED || r.getKinds(i) == AlertKind.UNRECOGNIZED) {
                v.add("kinds[" + i + "]", "unspecified");
            }
        }
        Fields.text(v::add, "person_id", r.getPersonId(), 0, 64);
        pageSize(v, r.getPage().getPageSize());
        v.throwIfAny();
    }

    static void pageSize(RequestChecks v, int size) {
        if (size < 0 || size > 500) {
            v.add("page.page_size", "0 to 500");
        }
    }

    static void subscribe(io.crowsnest.alertnotification.v1.SubscribeAlertsRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.inboxes(v::add, r.getAgentId(), r.getTeamIdsList());
        if (r.getAfterOffset() < 0) {
            v.add("after_offset", "must not be negative");
        }
        v.throwIfAny();
    }

    static void markRead(MarkAlertsReadRequest r) {
        RequestChecks v = new RequestChecks();
        if (r.getAlertIdsCount() < 1 || r.getAlertIdsCount() > 100) {
            v.add("alert_ids", "1 to 100 alert ids");
        }
        for (int i = 0; i < r.getAlertIdsCount(); i++) {
            Fields.text(v::add, "alert_ids[" + i + "]", r.getAlertIds(i), 1, 64);
        }
        Fields.id(v::add, "agent_id", r.getAgentId());
        v.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
    }

    static void acknowledge(AcknowledgeAlertRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.text(v::add, "alert_id", r.getAlertId(), 1, 64);
        Fields.id(v::add, "agent_id", r.getAgentId());
        Fields.text(v::add, "note", r.getNote(), 0, 500);
        v.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
    }

    /** The cursor of a page token, or null for the first page; refused when malformed or for another filter. */
    static InboxQuery.Cursor cursor(ListInboxRequest r) {
        String token = r.getPage().getPageToken();
        if (token.isEmpty()) {
            return null;
        }
        RequestChecks checks = new RequestChecks();
        String after = PageTokens.read(0, token, filter(r), "page", checks).after();
        int bar = after.indexOf('|');
        if (checks.isEmpty() && bar > 0) {
            try {
                return new InboxQuery.Cursor(Instant.ofEpochMilli(Long.parseLong(after.substring(0, bar))),
                        after.substring(bar + 1));
            } catch (NumberFormatException e) {
                // falls through to the refusal
            }
        }
        throw GrpcErrors.invalid("page.page_token", "malformed or issued for another filter", "PAGE_TOKEN_INVALID");
    }

    /** The token of the page after {@code next} (platform's keyset token, bound to the request's filter). */
    static String token(ListInboxRequest r, InboxQuery.Cursor next) {
        return next == null ? ""
                : PageTokens.issue(filter(r), next.publishedAt().toEpochMilli() + "|" + next.alertId());
    }

    private static String filter(ListInboxRequest r) {
        return ContentHash.of(r.toBuilder().clearPage().build());
    }

    static int pageSize(int requested) {
        return requested == 0 ? 50 : requested;
    }
}
