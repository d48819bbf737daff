package io.crowsnest.profile.api;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.domain.AttributePaths;
import io.crowsnest.profile.store.HistoryStore;
import io.crowsnest.profile.v1.AttributeChange;
import io.crowsnest.profile.v1.GetAttributeHistoryRequest;
import io.crowsnest.profile.v1.GetAttributeHistoryResponse;

/** GetAttributeHistory: every change of a person's attributes, products and relationships, newest first. */
@ApplicationScoped
public class HistoryDesk {

    @Inject
    Persons persons;
    @Inject
    HistoryStore history;

    public GetAttributeHistoryResponse list(GetAttributeHistoryRequest r) {
        Checks checks = new Checks();
        checks.person(r.getPerson(), "person");
        for (int i = 0; i < r.getPathsCount(); i++) {
            if (!AttributePaths.knownPrefix(r.getPaths(i))) {
                checks.add("paths[" + i + "]", "unknown path prefix '" + r.getPaths(i) + "'", "ATTRIBUTE_PATH_UNKNOWN");
            }
        }
        Instant[] range = checks.range(r.hasRecorded(), r.getRecorded(), "recorded");
        int size = PageTokens.size(r.getPage().getPageSize(), "page.page_size", checks);
        GetAttributeHistoryRequest filter = r.toBuilder().clearPage().build();
        PageTokens.Position after = PageTokens.read(r.getPage().getPageToken(), filter, "page.page_token", checks);
        checks.throwIfAny();

        Persons.Who who = persons.resolve(r.getPerson(), "person");
        List<HistoryStore.Entry> page = history.page(who.members(), r.getPathsList(), range[0], range[1],
                after == null ? null : new HistoryStore.Cursor(after.at(), after.id()), size + 1);
        GetAttributeHistoryResponse.Builder response = GetAttributeHistoryResponse.newBuilder().setPersonId(who.root());
        page.stream().limit(size).forEach(e -> response.addChanges(change(e)));
        if (page.size() > size) {
            HistoryStore.Entry last = page.get(size - 1);
            response.getPageBuilder().setNextPageToken(PageTokens.next(filter, last.recordedAt(), last.id()));
        }
        return response.build();
    }

    static AttributeChange change(HistoryStore.Entry e) {
        return AttributeChange.newBuilder().setChangeId(e.id()).setPath(e.path()).setOldValue(Values.value(e.oldValue()))
                .setNewValue(Values.value(e.newValue())).setApplied(e.applied())
                .setObservedAt(Timestamps.of(e.observedAt())).setRecordedAt(Timestamps.of(e.recordedAt()))
                .setSource(e.source()).setAgentId(e.agentId()).setCause(AttributeDesk.cause(e.cause()))
                .setMergeId(e.mergeId()).build();
    }
}
