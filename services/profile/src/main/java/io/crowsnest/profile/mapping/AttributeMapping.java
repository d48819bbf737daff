package io.crowsnest.profile.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.json.JsonValues;
import io.crowsnest.profile.domain.AttributePaths;
import io.crowsnest.profile.domain.Fact;
import io.crowsnest.profile.v1.AttributeProvenance;
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.Demographics;

/**
 * The Attributes message and attribute paths: the plain value at a path (strings, Integers for the
 * whole-number demographics, JSON values for custom ones), with empty meaning unknown, and back.
 */
public final class AttributeMapping {

    private record Field(Function<Attributes, Object> get, BiConsumer<Attributes.Builder, Object> set) {
    }

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    static {
        text("given_name", Attributes::getGivenName, (b, v) -> b.setGivenName(v));
        text("family_name", Attributes::getFamilyName, (b, v) -> b.setFamilyName(v));
        text("language", Attributes::getLanguage, (b, v) -> b.setLanguage(v));
        text("time_zone", Attributes::getTimeZone, (b, v) -> b.setTimeZone(v));
        text("country", Attributes::getCountry, (b, v) -> b.setCountry(v));
        text("city", Attributes::getCity, (b, v) -> b.setCity(v));
        text("postal_code", Attributes::getPostalCode, (b, v) -> b.setPostalCode(v));
        FIELDS.put("demographics.birth_year", new Field(a -> whole(a.getDemographics().getBirthYear()),
                (b, v) -> b.getDemographicsBuilder().setBirthYear(((Number) v).intValue())));
        text("demographics.gender", a -> a.getDemographics().getGender(),
                (b, v) -> b.getDemographicsBuilder().setGender(v));
        FIELDS.put("demographics.household_size", new Field(a -> whole(a.getDemographics().getHouseholdSize()),
                (b, v) -> b.getDemographicsBuilder().setHouseholdSize(((Number) v).intValue())));
        text("demographics.income_band", a -> a.getDemographics().getIncomeBand(),
                (b, v) -> b.getDemographicsBuilder().setIncomeBand(v));
        text("demographics.occupation", a -> a.getDemographics().getOccupation(),
                (b, v) -> b.getDemographicsBuilder().setOccupation(v));
        text("demographics.marital_status", a -> a.getDemographics().getMaritalStatus(),
                (b, v) -> b.getDemographicsBuilder().setMaritalStatus(v));
    }

    private AttributeMapping() {
    }

    /** The value a settable path has in the request's attributes, or null when empty there (it clears). */
    public static Object valueAt(Attributes attributes, String path) {
        if (AttributePaths.isCustom(path)) {
            var value = attributes.getCustomMap().get(path.substring(AttributePaths.CUSTOM.length()));
            return value == null ? null : JsonValues.PLAIN.plain(value);
        }
        return FIELDS.get(path).get().apply(attributes);
    }

    /** The Attributes message holding the current values (keys are attribute paths). */
    public static Attributes attributes(Map<String, Fact> current) {
        Attributes.Builder attributes = Attributes.newBuilder();
        current.forEach((path, fact) -> {
            if (fact.cleared()) {
                return;
            }
            if (AttributePaths.isCustom(path)) {
                attributes.putCustom(path.substring(AttributePaths.CUSTOM.length()), JsonValues.PLAIN.value(fact.value()));
            } else if (FIELDS.containsKey(path)) {
                FIELDS.get(path).set().accept(attributes, fact.value());
            }
        });
        if (attributes.getDemographics().equals(Demographics.getDefaultInstance())) {
            attributes.clearDemographics();
        }
        return attributes.build();
    }

    public static AttributeProvenance provenance(Fact fact) {
        return AttributeProvenance.newBuilder().setObservedAt(Timestamps.of(fact.observedAt()))
                .setRecordedAt(Timestamps.of(fact.recordedAt())).setSource(fact.source()).setAgentId(fact.agentId())
                .build();
    }

    private static void text(String path, Function<Attributes, String> get, BiConsumer<Attributes.Builder, String> set) {
        FIELDS.put(path, new Field(a -> get.apply(a).isEmpty() ? null : get.apply(a), (b, v) -> set.accept(b, (String) v)));
    }

    private static Integer whole(int value) {
        return value == 0 ? null : value;
    }
}
