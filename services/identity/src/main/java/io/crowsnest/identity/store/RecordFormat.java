package io.crowsnest.identity.store;

import io.crowsnest.identity.domain.IdentityChange;
import io.crowsnest.identity.domain.Merge;

/**
 * How the two payloads identity keeps in the contract's encoding are written: a merge's
 * {@code record} field (the contract's MergeRecord bytes, as stored since the first release) and
 * a change feed entry (the contract's IdentityChange bytes without their offset, which consumers
 * read as they are). The store keeps them as opaque bytes; the one implementation lives with the
 * other contract mapping in mapping/ (StoredRecords), so no protobuf type enters store/ or service/.
 */
public interface RecordFormat {

    byte[] merge(Merge merge);

    /** A stored merge record read back; fails when the bytes are not a MergeRecord. */
    Merge merge(byte[] stored);

    byte[] change(IdentityChange change);
}
