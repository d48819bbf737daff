package io.crowsnest.contactgovernance.service;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ContactPressure;
import io.crowsnest.contactgovernance.store.LedgerStore;

/** GetContactPressure: the ledger's contacts in a window by division and channel, counted by MongoDB. */
@ApplicationScoped
public class ContactPressureService {

    @Inject
    LedgerStore ledger;
    @Inject
    Clock clock;

    /** The pressure of a checked query (window at most {@link ContactPressure#MAX_WINDOW}). */
    public ContactPressure count(ContactPressure.Query query) {
        return ContactPressure.of(query, ledger.pressure(query), clock.instant());
    }
}
