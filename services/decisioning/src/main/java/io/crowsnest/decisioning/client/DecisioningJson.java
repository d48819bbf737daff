package io.crowsnest.decisioning.client;

import io.crowsnest.platform.json.JsonValues;

/**
 * JSON values (google.protobuf.Value) as decisioning reads them, by the platform's
 * {@link JsonValues}: a JSON null and an unset value read as "", so expressions, templates, answers
 * and the store never see a Java null; plain values are written back as they are.
 */
public final class DecisioningJson {

    public static final JsonValues VALUES = JsonValues.nullAs("");

    private DecisioningJson() {
    }
}
