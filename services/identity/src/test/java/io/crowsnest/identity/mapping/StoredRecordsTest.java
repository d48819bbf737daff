package io.crowsnest.identity.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.MaskedIdentifier;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.domain.IdentityChange;
import io.crowsnest.identity.domain.Merge;
import io.crowsnest.identity.v1.IdentityChangeType;
import io.crowsnest.identity.v1.MergeRecord;
import io.crowsnest.identity.v1.MergeTrigger;
import io.crowsnest.identity.v1.PersonsMerged;
import io.crowsnest.identity.v1.UnmergeRecord;
import io.crowsnest.platform.grpc.Timestamps;

/** Merge records and change-feed entries kept by the store read back and are written again byte for byte. */
class StoredRecordsTest {

    private final StoredRecords records = new StoredRecords();

    @Test
    void aStoredMergeRecordReadsBackAndIsWrittenAgainUnchanged() {
        MergeRecord stored = MergeRecord.newBuilder().setMergeId("m-1").setSurvivorPersonId("p-1")
                .setMergedPersonId("p-2").setMergedAt(Timestamps.of(Instant.parse("2026-01-02T03:04:05.123456789Z")))
                .setTrigger(MergeTrigger.MERGE_TRIGGER_RESOLVE)
                .setReason(Reason.newBuilder().setCode("SAME_EMAIL").setMessage("seen together")
                        .putFigures("b", "2").putFigures("a", "1"))
                .setRequestingSystem("web-login").setRequestId("tx-9")
                .addMovedIdentifiers(MaskedIdentifier.newBuilder().setType("EMAIL").setMaskedValue("j***@e***.com"))
                .addMovedIdentifiers(MaskedIdentifier.newBuilder().setType("CRM_ID").setMaskedValue("12**")
                        .setNamespace("crm-eu"))
                .setChangeOffset(42)
                .setUnmerge(UnmergeRecord.newBuilder().setUnmergedAt(Timestamps.of(Instant.parse("2026-02-01T00:00:00Z")))
                        .setReason(Reason.newBuilder().setCode("WRONG_MATCH")).setRequestingSystem("crm")
                        .setRequestId("tx-10").setChangeOffset(43))
                .build();

        Merge merge = records.merge(stored.toByteArray());

        assertEquals(Merge.Trigger.RESOLVE, merge.trigger());
        assertEquals(List.of("b", "a"), List.copyOf(merge.reason().figures().keySet()));
        assertEquals("WRONG_MATCH", merge.unmerge().reason().code());
        assertArrayEquals(stored.toByteArray(), records.merge(merge));
    }

    @Test
    void aMergeNotYetAnnouncedOrReversedKeepsThoseFieldsAbsent() {
        MergeRecord stored = MergeRecord.newBuilder().setMergeId("m-2").setSurvivorPersonId("p-1")
                .setMergedPersonId("p-3").setMergedAt(Timestamps.of(Instant.parse("2026-01-02T03:04:05Z")))
                .setTrigger(MergeTrigger.MERGE_TRIGGER_LINK).setReason(Reason.newBuilder().setCode("LOGIN"))
                .setRequestingSystem("web-login").build();

        Merge merge = records.merge(stored.toByteArray());

        assertEquals(null, merge.unmerge());
        assertArrayEquals(stored.toByteArray(), records.merge(merge));
    }

    @Test
    void bytesThatAreNoMergeRecordAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> records.merge(new byte[] { 0x0a, 0x7f }));
    }

    @Test
    void aMergedChangeIsTheContractsIdentityChangeWithoutOffset() throws Exception {
        Instant at = Instant.parse("2026-03-04T05:06:07Z");
        byte[] entry = records.change(new IdentityChange.Merged(at, "m-1", "p-1", "p-2", Merge.Trigger.LINK,
                new io.crowsnest.identity.domain.Reason("LOGIN", "logged in")));

        io.crowsnest.identity.v1.IdentityChange change = io.crowsnest.identity.v1.IdentityChange.parseFrom(entry);

        assertEquals(io.crowsnest.identity.v1.IdentityChange.newBuilder()
                .setType(IdentityChangeType.IDENTITY_CHANGE_TYPE_MERGED).setOccurredAt(Timestamps.of(at))
                .setMerged(PersonsMerged.newBuilder().setMergeId("m-1").setSurvivorPersonId("p-1")
                        .setMergedPersonId("p-2").setTrigger(MergeTrigger.MERGE_TRIGGER_LINK)
                        .setReason(Reason.newBuilder().setCode("LOGIN").setMessage("logged in")))
                .build(), change);
    }
}
