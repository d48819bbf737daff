package io.crowsnest.contactgovernance.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.domain.LedgerEntry;
import io.crowsnest.contactgovernance.domain.PersonReference;

/** ListContactHistory: a person's contacts from the ledger, newest first, filtered and paged. */
@ApplicationScoped
public class HistoryService {

    /** One page of a person's contacts, for the person the reference resolved to. */
    public record History(String personId, List<LedgerEntry> entries) {
    }

    @Inject
    LedgerStore ledger;
    @Inject
    PersonResolver persons;

    public History list(PersonReference person, LedgerStore.HistoryFilter filter, int offset, int size) {
        String personId = persons.resolve(person, "person");
        return new History(personId, ledger.history(personId, filter, offset, size));
    }
}
