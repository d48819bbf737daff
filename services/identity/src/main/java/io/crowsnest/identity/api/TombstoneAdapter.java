package io.crowsnest.identity.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.PageResponse;
import io.crowsnest.identity.service.TombstoneService;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.v1.ListTombstonesRequest;
import io.crowsnest.identity.v1.ListTombstonesResponse;
import io.crowsnest.identity.v1.Tombstone;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.paging.PageTokens;

/**
 * ListTombstones: checked, then a page of erasures after the offset. The page token holds the
 * offset of the last erasure returned, bound to the request's after_offset.
 */
@ApplicationScoped
class TombstoneAdapter {

    @Inject
    TombstoneService tombstones;

    ListTombstonesResponse list(ListTombstonesRequest request) {
        RequestChecks checks = new RequestChecks();
        if (request.getAfterOffset() < 0) {
            checks.add("after_offset", "must be 0 or more, got " + request.getAfterOffset());
        }
        String filter = "after:" + request.getAfterOffset();
        PageTokens.Page page = PageTokens.read(request.getPage(), filter, "page", checks);
        long after = PageTokens.number(page, request.getAfterOffset(), Long.MIN_VALUE, Long.MAX_VALUE, "page", checks);
        checks.throwIfAny();
        TombstoneService.Page found = tombstones.after(after, page.size());
        ListTombstonesResponse.Builder response = ListTombstonesResponse.newBuilder();
        for (PersonStore.Tombstone tombstone : found.tombstones()) {
            response.addTombstones(Tombstone.newBuilder().setChangeOffset(tombstone.changeOffset())
                    .addAllPersonIds(tombstone.personIds()).setForgottenAt(Timestamps.of(tombstone.forgottenAt())));
        }
        String next = found.more()
                ? PageTokens.issue(filter, Long.toString(found.tombstones().get(found.tombstones().size() - 1).changeOffset()))
                : "";
        return response.setPage(PageResponse.newBuilder().setNextPageToken(next)).build();
    }
}
