package io.crowsnest.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Replaces one harness's section of docs/benchmarks.md (between its markers) and writes its JSON file. */
final class DocSection {

    private DocSection() {
    }

    static void write(Path home, String name, String markdown, String json) throws IOException {
        Path file = home.resolve("docs/benchmarks/" + name + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        String start = "<!-- " + name + ":start -->";
        String end = "<!-- " + name + ":end -->";
        Path doc = home.resolve("docs/benchmarks.md");
        String existing = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n";
        int from = existing.indexOf(start);
        int to = existing.indexOf(end);
        String updated = from < 0 || to < 0 ? existing + "\n" + start + "\n" + markdown + end + "\n"
                : existing.substring(0, from + start.length()) + "\n" + markdown + existing.substring(to);
        Files.writeString(doc, updated);
    }
}
