package io.crowsnest.scoring.service;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.crowsnest.scoring.v1.SegmentTransition;

/**
 * The transitions an event caused, as recorded next to its result for redeliveries: "=" and the
 * base64 of the delimited messages, so that "none" is recorded too ("" means not recorded yet).
 */
final class TransitionCodec {

    private TransitionCodec() {
    }

    static String encode(List<SegmentTransition> transitions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            for (SegmentTransition t : transitions) {
                t.writeDelimitedTo(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "=" + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static List<SegmentTransition> decode(String recorded) {
        List<SegmentTransition> out = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(Base64.getDecoder().decode(recorded.substring(1)));
        try {
            while (in.available() > 0) {
                out.add(SegmentTransition.parseDelimitedFrom(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
