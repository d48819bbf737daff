package io.crowsnest.decisioning.template;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.Template;

/**
 * Qute templates written by marketers. The names they may use: {@code person} (the profile's
 * attributes: given_name, family_name, language, time_zone, country, city, postal_code, custom...),
 * {@code products} (products held: product_id, name, version, division), {@code holdings} (the
 * same by product id, e.g. {@code holdings.accounts.version}), {@code scores}, {@code segments},
 * {@code answers}, {@code action} (id, name, description, value, product_id) and {@code context}
 * (channel, direction, division, placement, agent_id, session_id, properties), plus the aliases of
 * their own loops.
 */
@ApplicationScoped
public class Templates {

    /** Keys of the variables whose shape is fixed; the others are maps or lists of any keys. */
    public static final Map<String, Set<String>> FIXED = Map.of(
            "person", Set.of("given_name", "family_name", "language", "time_zone", "country", "city",
                    "postal_code", "demographics", "custom"),
            "action", Set.of("id", "name", "description", "value", "product_id"),
            "context", Set.of("channel", "direction", "division", "placement", "agent_id", "session_id",
                    "properties"));
    /** Every name a template may start from. */
    public static final Set<String> ROOTS = Set.of("person", "products", "holdings", "scores", "segments",
            "answers", "action", "context");

    private static final Pattern ALIAS = Pattern.compile("\\{#(?:for|each)\\s+([A-Za-z_]\\w*)\\s+in\\b");
    private static final Pattern LET = Pattern.compile("\\{#let\\s+([^}]*)\\}");
    private static final int CACHE_LIMIT = 10_000;

    private final Engine engine = Engine.builder().addDefaults().strictRendering(true).build();
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    /** Parses and checks a template; throws {@link TemplateException} at the first problem. */
    public void check(String source) {
        Template template = parse(source);
        Set<String> aliases = aliases(source);
        for (Expression e : template.getExpressions()) {
            if (e.isLiteral() || e.getParts().isEmpty() || e.getNamespace() != null) {
                if (e.getNamespace() != null) {
                    throw located(e, "namespace '" + e.getNamespace() + ":' is not available in action templates");
                }
                continue;
            }
            String root = e.getParts().get(0).getName();
            if (aliases.contains(root) || aliases.stream().anyMatch(a -> root.startsWith(a + "_"))) {
                continue;
            }
            if (!ROOTS.contains(root)) {
                throw located(e, "unknown name '" + root + "'; templates may use " + String.join(", ",
                        new TreeSet<>(ROOTS)));
            }
            Set<String> keys = FIXED.get(root);
            if (keys != null && e.getParts().size() > 1 && !keys.contains(e.getParts().get(1).getName())) {
                throw located(e, "undefined field '" + e.getParts().get(1).getName() + "' of " + root
                        + "; its fields are " + String.join(", ", new TreeSet<>(keys)));
            }
        }
    }

    /** Renders for one person; a missing value fails with {@link TemplateException}. */
    public String render(String source, Map<String, Object> data) {
        try {
            return parse(source).data(data).render();
        } catch (io.quarkus.qute.TemplateException e) {
            int line = e.getOrigin() == null ? 1 : e.getOrigin().getLine();
            int column = e.getOrigin() == null ? 1 : e.getOrigin().getLineCharacterStart();
            throw new TemplateException(line, column, e.getMessage());
        } catch (RuntimeException e) {
            throw new TemplateException(1, 1, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Template parse(String source) {
        Template cached = cache.get(source);
        if (cached != null) {
            return cached;
        }
        Template parsed;
        try {
            parsed = engine.parse(source);
        } catch (io.quarkus.qute.TemplateException e) {
            int line = e.getOrigin() == null ? 1 : e.getOrigin().getLine();
            int column = e.getOrigin() == null ? 1 : e.getOrigin().getLineCharacterStart();
            throw new TemplateException(line, column, e.getMessage());
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(source, parsed);
        return parsed;
    }

    private static Set<String> aliases(String source) {
        Set<String> aliases = new HashSet<>(Set.of("it"));
        Matcher m = ALIAS.matcher(source);
        while (m.find()) {
            aliases.add(m.group(1));
        }
        Matcher let = LET.matcher(source);
        while (let.find()) {
            for (String assignment : let.group(1).trim().split("\\s+")) {
                int eq = assignment.indexOf('=');
                if (eq > 0) {
                    aliases.add(assignment.substring(0, eq));
                }
            }
        }
        return aliases;
    }

    private static TemplateException located(Expression e, String message) {
        return new TemplateException(e.getOrigin().getLine(), e.getOrigin().getLineCharacterStart(), message);
    }
}
