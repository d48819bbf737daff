package io.crowsnest.scoring.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The logistic churn model: probability = 1 / (1 + e^-(intercept + sum of weight × input)). */
public record ChurnRisk(double probability, double logit, double intercept, List<Input> inputs) {

    /** One weighted input with the person's value and its contribution to the logit. */
    public record Input(String name, double value, double weight, double contribution) {
    }

    /** @param values the value of every input the model weights */
    public static ChurnRisk of(ValueModel model, Map<String, Double> values) {
        List<Input> inputs = new ArrayList<>();
        double logit = model.churnIntercept();
        for (ValueModel.Weight w : model.churnWeights()) {
            double value = values.getOrDefault(w.input(), 0.0);
            inputs.add(new Input(w.input(), value, w.weight(), value * w.weight()));
            logit += value * w.weight();
        }
        inputs.sort(Comparator.comparingDouble((Input i) -> -Math.abs(i.contribution())).thenComparing(Input::name));
        return new ChurnRisk(1 / (1 + Math.exp(-logit)), logit, model.churnIntercept(), inputs);
    }
}
