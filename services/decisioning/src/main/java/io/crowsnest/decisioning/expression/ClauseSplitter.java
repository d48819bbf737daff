package io.crowsnest.decisioning.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the source of a conjunction at its top-level "&&" (outside brackets and string literals).
 * Called only for expressions whose root is a conjunction, where every such "&&" separates two
 * clauses of it.
 */
final class ClauseSplitter {

    private ClauseSplitter() {
    }

    static List<String> split(String source) {
        List<String> clauses = new ArrayList<>();
        int depth = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'' -> quote = c;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth--;
                case '&' -> {
                    if (depth == 0 && i + 1 < source.length() && source.charAt(i + 1) == '&') {
                        clauses.add(source.substring(start, i).strip());
                        start = i + 2;
                        i++;
                    }
                }
                default -> {
                }
            }
        }
        clauses.add(source.substring(start).strip());
        return clauses;
    }
}
