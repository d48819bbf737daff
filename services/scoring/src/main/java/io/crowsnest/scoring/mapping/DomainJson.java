package io.crowsnest.scoring.mapping;

import io.crowsnest.platform.json.JsonValues;
import io.crowsnest.scoring.domain.Json;

/**
 * JSON values between the contract and scoring's domain, by the platform's {@link JsonValues}: a
 * JSON null is {@link Json#NULL} (a property that is null, which a condition can compare), an unset
 * value is absent (Java null: a property condition without a value, an input that was not given).
 */
public final class DomainJson {

    static final JsonValues VALUES = JsonValues.nullAs(Json.NULL, null);

    private DomainJson() {
    }
}
