package io.crowsnest.contactgovernance.mapping;

import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.bson.Document;

import com.google.protobuf.Message;

import io.crowsnest.contactgovernance.domain.ConsentChange;
import io.crowsnest.contactgovernance.domain.LedgerEntry;
import io.crowsnest.contactgovernance.domain.PersonConsents;
import io.crowsnest.contactgovernance.domain.PolicyAuditEntry;
import io.crowsnest.contactgovernance.domain.PolicyVersion;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.contactgovernance.store.RecordFormat;
import io.crowsnest.contactgovernance.v1.ConsentChangeRecord;
import io.crowsnest.platform.mongo.ProtoDocuments;

/**
 * The stored formats of store/ (see {@link RecordFormat}): each record kept as its contract
 * message's proto3 JSON document, mapped to and from the domain record by this package's mapping
 * (every field both ways, so stored data reads and writes back unchanged).
 */
@Singleton
public class StoredFormats {

    static final RecordFormat<LedgerEntry> LEDGER_ENTRIES = format(LedgerEntries::message, LedgerEntries::entry,
            io.crowsnest.contactgovernance.v1.LedgerEntry::newBuilder);
    static final RecordFormat<Reservation> RESERVATIONS = format(Reservations::message, Reservations::reservation,
            io.crowsnest.contactgovernance.v1.Reservation::newBuilder);
    static final RecordFormat<PersonConsents> CONSENTS = format((PersonConsents c) -> ConsentMessages.message(c),
            ConsentMessages::consents, io.crowsnest.contactgovernance.v1.PersonConsents::newBuilder);
    static final RecordFormat<ConsentChange> CONSENT_CHANGES = format((ConsentChange c) -> ConsentMessages.message(c),
            ConsentMessages::change, ConsentChangeRecord::newBuilder);
    static final RecordFormat<PolicyVersion> POLICY_VERSIONS = format((PolicyVersion v) -> PolicyMessages.message(v),
            PolicyMessages::version, io.crowsnest.contactgovernance.v1.PolicyVersion::newBuilder);
    static final RecordFormat<PolicyAuditEntry> POLICY_AUDIT = format((PolicyAuditEntry e) -> PolicyMessages.message(e),
            PolicyMessages::entry, io.crowsnest.contactgovernance.v1.PolicyAuditEntry::newBuilder);

    @Produces
    public RecordFormat<LedgerEntry> ledgerEntries() {
        return LEDGER_ENTRIES;
    }

    @Produces
    public RecordFormat<Reservation> reservations() {
        return RESERVATIONS;
    }

    @Produces
    public RecordFormat<PersonConsents> consents() {
        return CONSENTS;
    }

    @Produces
    public RecordFormat<ConsentChange> consentChanges() {
        return CONSENT_CHANGES;
    }

    @Produces
    public RecordFormat<PolicyVersion> policyVersions() {
        return POLICY_VERSIONS;
    }

    @Produces
    public RecordFormat<PolicyAuditEntry> policyAudit() {
        return POLICY_AUDIT;
    }

    private static <T, M extends Message> RecordFormat<T> format(Function<T, M> message, Function<M, T> record,
            Supplier<Message.Builder> builder) {
        return new RecordFormat<>() {
            @Override
            public Document document(T value) {
                return ProtoDocuments.toDocument(message.apply(value));
            }

            @Override
            public T record(Document stored) {
                M parsed = ProtoDocuments.fromDocument(stored, builder.get());
                return record.apply(parsed);
            }
        };
    }
}
