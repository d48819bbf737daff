package io.crowsnest.scoring.mapping;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

import io.crowsnest.scoring.domain.MatchExplanation;
import io.crowsnest.scoring.domain.Membership;
import io.crowsnest.scoring.domain.Transition;
import io.crowsnest.scoring.store.SegmentRecordFormat;
import io.crowsnest.scoring.v1.SegmentMatchExplanation;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SegmentTransition;

/**
 * The segment records in the contract's encoding (see {@link SegmentRecordFormat}): SegmentMembership
 * and SegmentMatchExplanation bytes, and SegmentTransition messages written delimited one after the other.
 */
@ApplicationScoped
public class StoredSegmentRecords implements SegmentRecordFormat {

    @Override
    public byte[] membership(Membership membership) {
        return SegmentRecords.membership(membership).toByteArray();
    }

    @Override
    public Membership membership(byte[] stored) {
        return SegmentRecords.membership(parse(stored, SegmentMembership.parser()));
    }

    @Override
    public byte[] explanation(MatchExplanation latest) {
        return SegmentRecords.explanation(latest).toByteArray();
    }

    @Override
    public MatchExplanation explanation(byte[] stored) {
        return SegmentRecords.explanation(parse(stored, SegmentMatchExplanation.parser()));
    }

    private static <T> T parse(byte[] stored, Parser<T> parser) {
        try {
            return parser.parseFrom(stored);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored membership is unreadable", e);
        }
    }

    @Override
    public byte[] transitions(List<Transition> transitions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            for (Transition t : transitions) {
                SegmentRecords.transition(t).writeDelimitedTo(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public List<Transition> transitions(byte[] stored) {
        List<Transition> out = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(stored);
        try {
            while (in.available() > 0) {
                out.add(SegmentRecords.transition(SegmentTransition.parseDelimitedFrom(in)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
