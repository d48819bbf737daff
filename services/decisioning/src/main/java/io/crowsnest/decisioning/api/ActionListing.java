package io.crowsnest.decisioning.api;

import java.util.HashSet;
import java.util.Set;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.domain.ActionKind;
import io.crowsnest.decisioning.domain.FieldChecks;
import io.crowsnest.decisioning.mapping.ActionMapping;
import io.crowsnest.decisioning.mapping.ProtoValues;
import io.crowsnest.decisioning.service.ActionQueries;
import io.crowsnest.decisioning.v1.ActionStatus;
import io.crowsnest.decisioning.v1.ListActionChangesRequest;
import io.crowsnest.decisioning.v1.ListActionChangesResponse;
import io.crowsnest.decisioning.v1.ListActionsRequest;
import io.crowsnest.decisioning.v1.ListActionsResponse;

/** ListActions and ListActionChanges: filters checked and mapped, results paged by their key. */
final class ActionListing {

    private ActionListing() {
    }

    static ListActionsResponse list(ListActionsRequest r, ActionQueries queries) {
        FieldChecks v = new FieldChecks();
        Set<ActionKind> kinds = new HashSet<>();
        for (int i = 0; i < r.getKindsCount(); i++) {
            if (r.getKindsValue(i) <= 0 || r.getKinds(i) == io.crowsnest.decisioning.v1.ActionKind.UNRECOGNIZED) {
                v.add("kinds[" + i + "]", "is unspecified");
            } else {
                kinds.add(ActionKind.valueOf(ProtoValues.name(r.getKinds(i), "ACTION_KIND_")));
            }
        }
        Set<Boolean> retired = new HashSet<>();
        for (int i = 0; i < r.getStatusesCount(); i++) {
            if (r.getStatusesValue(i) <= 0 || r.getStatuses(i) == ActionStatus.UNRECOGNIZED) {
                v.add("statuses[" + i + "]", "is unspecified");
            } else {
                retired.add(r.getStatuses(i) == ActionStatus.ACTION_STATUS_RETIRED);
            }
        }
        Set<String> channels = new HashSet<>();
        for (int i = 0; i < r.getChannelsCount(); i++) {
            if (r.getChannelsValue(i) <= 0 || r.getChannels(i) == Channel.UNRECOGNIZED) {
                v.add("channels[" + i + "]", "is unspecified");
            } else {
                channels.add(ProtoValues.name(r.getChannels(i), "CHANNEL_"));
            }
        }
        if (r.hasDivision() && !FieldChecks.DIVISION_ID.matcher(r.getDivision().getId()).matches()) {
            v.add("division.id", "is not a division id ([a-z0-9-]{1,40})");
        }
        int size = PageTokens.size(r.getPage().getPageSize(), 50, 500, v);
        v.throwIfAny();
        String filterKey = r.toBuilder().clearPage().build().toString();
        String after = PageTokens.read(r.getPage().getPageToken(), filterKey);
        var page = queries.list(new ActionQueries.Filter(kinds, retired, r.hasDivision() ? r.getDivision().getId()
                : null, channels, r.hasValidAt() ? ProtoValues.instant(r.getValidAt()) : null, r.getAllVersions()),
                after, size);
        ListActionsResponse.Builder b = ListActionsResponse.newBuilder().addAllActions(ActionMapping.actions(
                page.items()));
        if (!page.next().isEmpty()) {
            b.getPageBuilder().setNextPageToken(PageTokens.issue(filterKey, page.next()));
        }
        return b.build();
    }

    static ListActionChangesResponse changes(ListActionChangesRequest r, ActionQueries queries) {
        FieldChecks v = new FieldChecks();
        if (!r.getActionId().isEmpty() && !FieldChecks.ACTION_ID.matcher(r.getActionId()).matches()) {
            v.add("action_id", "is not an action id");
        }
        int size = PageTokens.size(r.getPage().getPageSize(), 50, 500, v);
        v.throwIfAny();
        String filterKey = "changes|" + r.getActionId();
        var page = queries.changes(r.getActionId(), PageTokens.read(r.getPage().getPageToken(), filterKey), size);
        ListActionChangesResponse.Builder b = ListActionChangesResponse.newBuilder()
                .addAllChanges(page.items().stream().map(ActionMapping::change).toList());
        if (!page.next().isEmpty()) {
            b.getPageBuilder().setNextPageToken(PageTokens.issue(filterKey, page.next()));
        }
        return b.build();
    }
}
