package io.crowsnest.scoring.mapping;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;

import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PersonValue;
import io.crowsnest.scoring.service.VariableMessages;
import io.crowsnest.scoring.v1.BehaviourFeatures;
import io.crowsnest.scoring.v1.ValueScores;

/**
 * The segment language's features and value as the contract's BehaviourFeatures and ValueScores
 * (see {@link VariableMessages}).
 */
@ApplicationScoped
public class SegmentVariableMessages implements VariableMessages {

    @Override
    public Descriptor featuresType() {
        return BehaviourFeatures.getDescriptor();
    }

    @Override
    public Descriptor valueType() {
        return ValueScores.getDescriptor();
    }

    @Override
    public Message features(Features features, Instant now) {
        return FeatureMapping.features(features, now);
    }

    @Override
    public Message value(PersonValue value) {
        return value == null ? ValueScores.getDefaultInstance() : ValueMapping.value(value);
    }
}
