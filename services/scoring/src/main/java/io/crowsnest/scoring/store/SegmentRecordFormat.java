package io.crowsnest.scoring.store;

import java.util.List;

import io.crowsnest.scoring.domain.MatchExplanation;
import io.crowsnest.scoring.domain.Membership;
import io.crowsnest.scoring.domain.Transition;

/**
 * How the segment records scoring keeps in the contract's encoding are written: a membership (the
 * contract's SegmentMembership bytes), a person's latest evaluation (SegmentMatchExplanation
 * bytes), and transitions (SegmentTransition messages, each preceded by its length, one after the
 * other: a transition feed entry, and the transitions recorded with an event's result). The
 * stores keep them as opaque bytes; the one implementation lives with the other contract mapping
 * in mapping/, so no protobuf type enters store/ or service/.
 */
public interface SegmentRecordFormat {

    byte[] membership(Membership membership);

    /** A stored membership read back; fails when the bytes are not a SegmentMembership. */
    Membership membership(byte[] stored);

    byte[] explanation(MatchExplanation latest);

    MatchExplanation explanation(byte[] stored);

    /** Transitions as they are (an offset of 0 is not written). */
    byte[] transitions(List<Transition> transitions);

    /** Transitions written by {@link #transitions(List)}, with the offsets they were written with. */
    List<Transition> transitions(byte[] stored);
}
