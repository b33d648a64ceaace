package io.mailroom.bench.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes {@code target/bench}: one section and figure file per benchmark (kept between invocations, so running one
 * benchmark replaces only its own), then {@code report.md}, {@code results.json} and the charts from all of them.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final List<String> order;

    public Report(Path dir, List<String> order) {
        this.dir = dir;
        this.order = order;
    }

    public Path dir() {
        return dir;
    }

    /** Records one benchmark's result and rewrites the combined report. */
    public void add(BenchResult r) {
        String at = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        try {
            Files.createDirectories(dir.resolve("sections"));
            if (!r.series().isEmpty()) {
                Chart.write(dir.resolve(r.chartFile()), r.title(), r.yLabel(), r.series());
            }
            Files.writeString(dir.resolve("sections").resolve(r.name() + ".md"), r.markdown(at));
            ArrayNode figures = JSON.createArrayNode();
            for (Figure f : r.figures()) {
                ObjectNode n = JSON.valueToTree(f);
                n.put("benchmark", r.name());
                n.put("measuredAt", at);
                figures.add(n);
            }
            JSON.writeValue(dir.resolve("sections").resolve(r.name() + ".json").toFile(), figures);
            rewrite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rewrite() throws IOException {
        StringBuilder md = new StringBuilder("# Mailroom benchmarks\n\n").append(Machine.describe()).append("\n\n")
                .append("Each figure is the median of its runs (min–max beside it); the baseline is measured in the "
                        + "same invocation on the same stack; ratio = figure / baseline.\n\n");
        ArrayNode all = JSON.createArrayNode();
        Map<String, String> summary = new LinkedHashMap<>();
        for (String name : names()) {
            Path section = dir.resolve("sections").resolve(name + ".md");
            Path figures = dir.resolve("sections").resolve(name + ".json");
            if (Files.isRegularFile(section)) {
                summary.put(name, Files.readString(section));
            }
            if (Files.isRegularFile(figures)) {
                JSON.readTree(figures.toFile()).forEach(all::add);
            }
        }
        md.append(summaryTable(all)).append('\n');
        summary.values().forEach(md::append);
        Files.writeString(dir.resolve("report.md"), md.toString());
        JSON.writeValue(dir.resolve("results.json").toFile(), all);
    }

    /** Every figure of every benchmark on record, one row each (the table README.md shows). */
    public static String summaryTable(JsonNode all) {
        StringBuilder t = new StringBuilder(
                "| benchmark | figure | median | min–max | baseline | ratio | target | |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (JsonNode f : all) {
            String range = f.path("runs").asInt() > 1
                    ? Fmt.num(f.path("min").asDouble()) + "–" + Fmt.num(f.path("max").asDouble()) : "";
            String verdict = f.path("met").isNull() || f.path("met").isMissingNode() ? ""
                    : f.path("met").asBoolean() ? "met" : "**NOT met**";
            t.append("| ").append(f.path("benchmark").asText()).append(" | ")
                    .append(f.path("name").asText().replace("|", "\\|"))
                    .append(" | ").append(Fmt.num(f.path("value").asDouble())).append(' ')
                    .append(f.path("unit").asText()).append(" | ").append(range).append(" | ")
                    .append(f.path("baseline").isNull() ? "–" : Fmt.num(f.path("baseline").asDouble())).append(" | ")
                    .append(f.path("ratio").isNull() ? "–" : Fmt.num(f.path("ratio").asDouble()) + "×").append(" | ")
                    .append(f.path("target").isNull() ? "–" : f.path("target").asText()).append(" | ")
                    .append(verdict).append(" |\n");
        }
        return t.toString();
    }

    private List<String> names() throws IOException {
        List<String> names = new ArrayList<>(order);
        try (var files = Files.list(dir.resolve("sections"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md"))
                    .map(n -> n.substring(0, n.length() - 3)).filter(n -> !names.contains(n)).sorted()
                    .forEach(names::add);
        }
        return names;
    }
}
