package io.crowsnest.scoring.service;

import java.time.Instant;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;

import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PersonValue;

/**
 * The messages the segment language reads a person's {@code features} and {@code value} as: CEL
 * checks field names against a message type and reads a message's fields, so an expression like
 * {@code features.purchase_count > 2} is checked and evaluated on the contract's BehaviourFeatures
 * and ValueScores, field names as in the contract. The one implementation lives with the other
 * contract mapping in mapping/, so no contract type enters service/.
 */
public interface VariableMessages {

    Descriptor featuresType();

    Descriptor valueType();

    Message features(Features features, Instant now);

    /** The person's value scores; null gives the empty message (value not read by any segment). */
    Message value(PersonValue value);
}
