package io.crowsnest.contactgovernance.api;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.contactgovernance.mapping.LedgerEntries;
import io.crowsnest.contactgovernance.service.HistoryService;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.contactgovernance.v1.ListContactHistoryResponse;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;

/** ListContactHistory: the filter and page checks, then the person's history. */
@ApplicationScoped
public class HistoryAdapter {

    @Inject
    HistoryService service;

    ListContactHistoryResponse list(ListContactHistoryRequest request) {
        RequestChecks v = new RequestChecks();
        v.person(request.getPerson(), "person");
        ContactChecks.channelFilter(request.getChannelsList(), request.getChannelsValueList(), "channels", v);
        ContactChecks.divisionFilter(request.getDivisionsList(), "divisions", v);
        for (int i = 0; i < request.getCategoriesCount(); i++) {
            if (request.getCategoriesValue(i) <= 0 || request.getCategories(i) == ContactCategory.UNRECOGNIZED) {
                v.add("categories[" + i + "]", "must be a known category, got " + request.getCategoriesValue(i));
            }
        }
        for (int i = 0; i < request.getOutcomesCount(); i++) {
            if (request.getOutcomesValue(i) <= 0 || request.getOutcomes(i) == ContactOutcome.UNRECOGNIZED) {
                v.add("outcomes[" + i + "]", "must be a known outcome, got " + request.getOutcomesValue(i));
            }
        }
        if (!request.getCampaignId().isEmpty() && !ContactChecks.CAMPAIGN_ID.matcher(request.getCampaignId()).matches()) {
            v.add("campaign_id", "must be 1 to 128 characters of letters, digits and . _ : -");
        }
        Instant from = request.getContactedIn().hasStart() ? Timestamps.instant(request.getContactedIn().getStart())
                : null;
        Instant until = request.getContactedIn().hasEnd() ? Timestamps.instant(request.getContactedIn().getEnd())
                : null;
        if (from != null && until != null && until.isBefore(from)) {
            v.add("contacted_in.end", "must not be before contacted_in.start");
        }
        String filter = request.toBuilder().clearPage().build().toString();
        Pages.Page page = Pages.read(request.getPage(), filter, "page", v);
        v.throwIfAny();
        LedgerStore.HistoryFilter f = new LedgerStore.HistoryFilter(
                request.getChannelsList().stream().map(Enum::name).toList(),
                request.getDivisionsList().stream().map(d -> d.getId()).toList(),
                request.getCategoriesList().stream().map(Enum::name).toList(),
                request.getCampaignId(),
                request.getOutcomesList().stream().map(Enum::name).toList(), from, until);
        HistoryService.History history = service.list(ContactChecks.reference(request.getPerson()), f, page.offset(),
                page.size());
        ListContactHistoryResponse.Builder out = ListContactHistoryResponse.newBuilder()
                .setPersonId(history.personId()).addAllEntries(LedgerEntries.messages(history.entries()));
        out.getPageBuilder().setNextPageToken(Pages.next(page, history.entries().size(), filter));
        return out.build();
    }
}
