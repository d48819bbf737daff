package io.crowsnest.identity.mapping;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.identity.domain.IdentityChange;
import io.crowsnest.identity.domain.Merge;
import io.crowsnest.identity.store.RecordFormat;
import io.crowsnest.identity.v1.MergeRecord;

/**
 * The store's two payloads in the contract's encoding (see {@link RecordFormat}): merges as
 * MergeRecord bytes, changes as IdentityChange bytes without their offset, which the change
 * stream parses back and completes with the entry's offset.
 */
@ApplicationScoped
public class StoredRecords implements RecordFormat {

    @Override
    public byte[] merge(Merge merge) {
        return IdentityMapping.merge(merge).toByteArray();
    }

    @Override
    public Merge merge(byte[] stored) {
        try {
            return IdentityMapping.merge(MergeRecord.parseFrom(stored));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a MergeRecord", e);
        }
    }

    @Override
    public byte[] change(IdentityChange change) {
        return IdentityMapping.change(change).toByteArray();
    }
}
