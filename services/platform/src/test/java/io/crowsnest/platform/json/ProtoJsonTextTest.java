package io.crowsnest.platform.json;

import static io.crowsnest.platform.RandomContractMessages.contractMessages;
import static io.crowsnest.platform.RandomContractMessages.randomMessage;
import static io.crowsnest.platform.RandomContractMessages.randomOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

/**
 * The gateway's JSON is what protobuf's printer gives, character for character: for random
 * messages of every type in the contracts (quotes, backslashes, control characters, HTML-sensitive
 * characters, separators and non-ASCII text in strings and map keys; unsigned integers past 2^31,
 * NaN and infinities, unknown enum numbers, timestamps and durations of every precision), and a
 * proto3 JSON parser reads the message back from it.
 */
class ProtoJsonTextTest {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final int PER_TYPE = 40;

    @Test
    void everyContractMessagePrintsAsTheJsonPrinterPrintsIt() throws Exception {
        List<Descriptor> types = contractMessages();
        assertTrue(types.size() > 200, "the contracts' message types, found: " + types.size());
        SplittableRandom random = new SplittableRandom(20261208);
        int checked = 0;
        int direct = 0;
        for (Descriptor type : types) {
            for (int i = 0; i < PER_TYPE; i++) {
                Message m = randomMessage(type, random, 0);
                String expected = PRINTER.print(m);
                assertEquals(expected, ProtoJsonText.print(m), type.getFullName());
                assertEquals(expected, ProtoJsonText.print(m.toBuilder()), type.getFullName() + " from a builder");
                DynamicMessage.Builder read = DynamicMessage.newBuilder(type);
                JsonFormat.parser().merge(ProtoJsonText.print(m), read);
                assertEquals(m, read.build(), type.getFullName() + " read back");
                checked++;
                if (ProtoJsonText.direct(m) != null) {
                    direct++;
                }
            }
        }
        // written here nearly always; the printer's own forms (an Any) are the exception
        assertTrue(direct > checked * 0.9, direct + " of " + checked + " written directly");
    }

    /**
     * The same with the generated classes the services answer with, whose Structs, Values and
     * timestamps are written without reflection.
     */
    @Test
    void theGeneratedClassesToo() throws Exception {
        SplittableRandom random = new SplittableRandom(9);
        for (Message prototype : List.<Message>of(io.crowsnest.decisioning.v1.DecideResponse.getDefaultInstance(),
                io.crowsnest.decisioning.v1.ListDecisionsResponse.getDefaultInstance(),
                io.crowsnest.profile.v1.GetProfileResponse.getDefaultInstance(),
                io.crowsnest.scoring.v1.GetScoresResponse.getDefaultInstance(),
                io.crowsnest.scoring.v1.ObserveEventRequest.getDefaultInstance(),
                io.crowsnest.scoring.v1.ObserveAttributesRequest.getDefaultInstance(),
                io.crowsnest.contactgovernance.v1.CheckEligibilityBatchResponse.getDefaultInstance(),
                Struct.getDefaultInstance(), Value.getDefaultInstance(), ListValue.getDefaultInstance(),
                Timestamp.getDefaultInstance())) {
            int direct = 0;
            for (int i = 0; i < 100; i++) {
                Message m = randomOf(prototype, random);
                String expected;
                try {
                    expected = PRINTER.print(m);
                } catch (IllegalArgumentException | InvalidProtocolBufferException refused) {
                    // a Value of NaN: refused as the printer refuses it
                    assertThrows(refused.getClass(), () -> ProtoJsonText.print(m));
                    continue;
                }
                assertEquals(expected, ProtoJsonText.print(m), prototype.getDescriptorForType().getFullName());
                if (ProtoJsonText.direct(m) != null) {
                    direct++;
                }
            }
            assertTrue(direct > 80, prototype.getDescriptorForType().getFullName() + ": " + direct + " of 100 direct");
        }
    }

    @Test
    void theEscapesAreThePrintersOwn() throws Exception {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            every.append(c);
        }
        every.append("é€\u2028\u2029\u00a0😀\ud800");
        Struct struct = Struct.newBuilder().putFields(every.toString(), Value.newBuilder()
                .setStringValue(every.toString()).build()).build();
        String text = ProtoJsonText.direct(struct);
        assertEquals(PRINTER.print(struct), text);
        assertTrue(text.contains("\\u003c") && text.contains("\\u2028") && text.contains("\\u0001"), text);
    }

    @Test
    void whatItDoesNotCoverThePrinterPrints() throws Exception {
        Message any = Any.getDefaultInstance();
        assertNull(ProtoJsonText.direct(any));
        assertEquals(PRINTER.print(any), ProtoJsonText.print(any));
        Value noKind = Value.getDefaultInstance();
        assertNull(ProtoJsonText.direct(noKind));
        assertEquals(PRINTER.print(noKind), ProtoJsonText.print(noKind));
        // a Value of NaN has no proto3 JSON: refused as the printer refuses it
        Value nan = Value.newBuilder().setNumberValue(Double.NaN).build();
        assertNull(ProtoJsonText.direct(nan));
        assertThrows(IllegalArgumentException.class, () -> PRINTER.print(nan));
        assertThrows(IllegalArgumentException.class, () -> ProtoJsonText.print(nan));
    }
}
