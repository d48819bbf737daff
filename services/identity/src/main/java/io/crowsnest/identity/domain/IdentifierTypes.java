package io.crowsnest.identity.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.crowsnest.identity.domain.IdentifierType.DeliveryChannel;
import io.crowsnest.identity.domain.IdentifierType.Normalisation;

/**
 * The configured identifier types: the built-in ones, then the extras an operator adds. An extra
 * is written {@code name[:unique|shareable][:known]} (default unique and anonymous), e.g.
 * {@code store-card:unique:known} or {@code tv-box:shareable}.
 */
public final class IdentifierTypes {

    private static final List<IdentifierType> BUILT_IN = List.of(
            new IdentifierType("cookie", false, false, false, Normalisation.TRIM, Set.of(), true,
                    "Browser cookie id; shareable (a shared browser), anonymous"),
            new IdentifierType("device", false, false, false, Normalisation.TRIM, Set.of(), true,
                    "Device or advertising id; shareable (a family's device), anonymous"),
            new IdentifierType("email", true, true, false, Normalisation.EMAIL,
                    Set.of(DeliveryChannel.EMAIL), true, "Email address; trimmed and lower-cased before matching"),
            new IdentifierType("phone", true, true, false, Normalisation.PHONE,
                    Set.of(DeliveryChannel.SMS, DeliveryChannel.PHONE), true,
                    "Phone number; E.164 before matching"),
            new IdentifierType("crm", true, true, false, Normalisation.TRIM, Set.of(), true, "CRM customer id"),
            new IdentifierType("loyalty", true, true, true, Normalisation.TRIM, Set.of(), true,
                    "Loyalty card id; namespace = issuing brand"),
            new IdentifierType("social", false, false, true, Normalisation.TRIM, Set.of(), true,
                    "Social network handle; namespace = network; shareable"),
            new IdentifierType("account", true, true, false, Normalisation.TRIM, Set.of(), true,
                    "Web or app account id"));

    private final Map<String, IdentifierType> byName;

    private IdentifierTypes(Map<String, IdentifierType> byName) {
        this.byName = byName;
    }

    /**
     * @param configured the configured type list: built-in names (which must all be there) and
     *                   extras in the syntax above
     */
    public static IdentifierTypes of(List<String> configured) {
        Map<String, IdentifierType> types = new LinkedHashMap<>();
        List<String> builtInNames = BUILT_IN.stream().map(IdentifierType::name).toList();
        for (IdentifierType t : BUILT_IN) {
            types.put(t.name(), t);
        }
        List<String> missing = new ArrayList<>(builtInNames);
        for (String entry : configured) {
            String[] parts = entry.trim().split(":");
            String name = parts[0].trim();
            if (name.isEmpty()) {
                continue;
            }
            if (builtInNames.contains(name)) {
                missing.remove(name);
                continue;
            }
            if (!name.matches("[a-z][a-z0-9-]{0,31}")) {
                throw new IllegalArgumentException("identifier type '" + name + "' must match [a-z][a-z0-9-]{0,31}");
            }
            boolean unique = true;
            boolean known = false;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i].trim()) {
                    case "unique" -> unique = true;
                    case "shareable" -> unique = false;
                    case "known" -> known = true;
                    case "anonymous" -> known = false;
                    default -> throw new IllegalArgumentException(
                            "identifier type '" + entry + "': unknown option '" + parts[i] + "'");
                }
            }
            types.put(name, new IdentifierType(name, unique, known, false, Normalisation.TRIM, Set.of(), false,
                    "Configured identifier type" + (unique ? "; unique" : "; shareable")));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the identifier types must list the built-in ones; missing " + missing);
        }
        return new IdentifierTypes(types);
    }

    public Optional<IdentifierType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Built-in first, then in configuration order. */
    public List<IdentifierType> all() {
        return List.copyOf(byName.values());
    }
}
