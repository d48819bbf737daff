package io.crowsnest.contactgovernance.store;

import org.bson.Document;

/**
 * How a record this service keeps in the contract's shape is written: the stores keep it as the
 * contract message's proto3 JSON document (field {@code proto}, as stored since the first release,
 * readable in the database), next to the top-level fields their queries use. The stores treat that
 * document as opaque and hand domain records to the use cases; the implementations live with the
 * other contract mapping in mapping/, so no protobuf type enters store/ or service/.
 *
 * @param <T> the domain record
 */
public interface RecordFormat<T> {

    /** The stored document of a record. */
    Document document(T record);

    /** A stored document read back; fails when it is not the contract message. */
    T record(Document stored);
}
