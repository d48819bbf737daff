package io.crowsnest.platform.mongo;

import static io.crowsnest.platform.RandomContractMessages.contractMessages;
import static io.crowsnest.platform.RandomContractMessages.randomMessage;
import static io.crowsnest.platform.RandomContractMessages.randomOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;

/**
 * The document a contract message is stored as, and the message read back from it, are exactly
 * what the proto3 JSON way gives (the form stored since the first release), value type by value
 * type and field order included: for random messages of every type in the contracts, most fields
 * set, with the awkward values (unsigned integers past 2^31, NaN and infinities, unknown
 * enum numbers, quotes and non-ASCII text, timestamps and durations of every precision).
 */
class ProtoDocumentsTest {

    private static final JsonWriterSettings EXACT = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final int PER_TYPE = 40;

    @Test
    void everyContractMessageIsStoredAndReadAsItsProto3JsonDocument() {
        List<Descriptor> types = contractMessages();
        assertTrue(types.size() > 200, "the contracts' message types, found: " + types.size());
        SplittableRandom random = new SplittableRandom(20261208);
        int direct = 0;
        int directReads = 0;
        int checked = 0;
        for (Descriptor type : types) {
            for (int i = 0; i < PER_TYPE; i++) {
                Message m = randomMessage(type, random, 0);
                Document expected = ProtoDocuments.throughJson(m);
                Document stored = ProtoDocuments.toDocument(m);
                assertEquals(expected.toJson(EXACT), stored.toJson(EXACT), type.getFullName());
                assertEquals(expected, stored, type.getFullName());
                Message viaJson = ProtoDocuments.throughJson(stored, DynamicMessage.newBuilder(type));
                Message read = ProtoDocuments.fromDocument(stored, DynamicMessage.newBuilder(type));
                assertEquals(viaJson, read, type.getFullName());
                assertEquals(m, read, type.getFullName() + " read back");
                checked++;
                if (converts(m)) {
                    direct++;
                }
                if (readsDirectly(stored, type)) {
                    directReads++;
                }
            }
        }
        // the direct way covers nearly everything; the JSON way is the exception (an Any)
        assertTrue(direct > checked * 0.9, direct + " of " + checked + " written directly");
        assertTrue(directReads > checked * 0.9, directReads + " of " + checked + " read directly");
    }

    /** The same with the generated classes the stores use (governance's stored records). */
    @Test
    void theStoredRecordsOfTheGeneratedClassesToo() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (Message prototype : List.<Message>of(io.crowsnest.contactgovernance.v1.LedgerEntry.getDefaultInstance(),
                io.crowsnest.contactgovernance.v1.Reservation.getDefaultInstance(),
                io.crowsnest.contactgovernance.v1.PersonConsents.getDefaultInstance(),
                io.crowsnest.contactgovernance.v1.ConsentChangeRecord.getDefaultInstance(),
                io.crowsnest.contactgovernance.v1.PolicyVersion.getDefaultInstance(),
                io.crowsnest.contactgovernance.v1.PolicyAuditEntry.getDefaultInstance())) {
            for (int i = 0; i < 100; i++) {
                Message m = randomOf(prototype, random);
                Document stored = ProtoDocuments.toDocument(m);
                assertEquals(ProtoDocuments.throughJson(m).toJson(EXACT), stored.toJson(EXACT));
                assertEquals(m, ProtoDocuments.fromDocument(stored, prototype.newBuilderForType()));
                assertEquals(m, ProtoDocuments.throughJson(stored, prototype.newBuilderForType()));
            }
        }
    }

    @Test
    void aDocumentTheDirectWayDoesNotCoverIsReadTheJsonWay() {
        Descriptor holder = contractMessages().stream()
                .filter(d -> d.getFields().stream().anyMatch(ProtoDocumentsTest::singularEnum)).findFirst()
                .orElseThrow();
        FieldDescriptor f = holder.getFields().stream().filter(ProtoDocumentsTest::singularEnum).findFirst()
                .orElseThrow();
        // an enum name this version does not know (a later version wrote it): the JSON parser,
        // told to ignore what it does not know, leaves the field unset; the direct way hands it over
        Document later = new Document(f.getName(), "A_VALUE_OF_A_LATER_VERSION");
        assertTrue(!readsDirectly(later, holder), "the direct way does not guess");
        Message read = ProtoDocuments.fromDocument(later, DynamicMessage.newBuilder(holder));
        assertEquals(ProtoDocuments.throughJson(later, DynamicMessage.newBuilder(holder)), read);
        assertTrue(!read.hasField(f));
    }

    private static boolean singularEnum(FieldDescriptor f) {
        return f.getType() == FieldDescriptor.Type.ENUM && !f.isRepeated() && f.getContainingOneof() == null;
    }

    private static boolean converts(Message m) {
        try {
            ProtoBson.toDocument(m);
            return true;
        } catch (ProtoBson.Unsupported e) {
            return false;
        }
    }

    private static boolean readsDirectly(Document d, Descriptor type) {
        try {
            ProtoBson.merge(d, DynamicMessage.newBuilder(type));
            return true;
        } catch (ProtoBson.Unsupported e) {
            return false;
        }
    }
}
