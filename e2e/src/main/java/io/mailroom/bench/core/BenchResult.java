package io.mailroom.bench.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one benchmark measured: figures, peak memory per process, throughput curves, latency lines and notes. */
public final class BenchResult {
    private final String name;
    private final String title;
    private final String params;
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Peak> peaks = new LinkedHashMap<>();
    private final List<Series> series = new ArrayList<>();
    private final List<String> latencies = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String yLabel = "per second";

    public BenchResult(String name, String title, String params) {
        this.name = name;
        this.title = title;
        this.params = params;
    }

    public String name() {
        return name;
    }

    public BenchResult figure(Figure f) {
        figures.add(f);
        return this;
    }

    public BenchResult peaks(Map<String, Peak> p) {
        peaks.putAll(p);
        return this;
    }

    public BenchResult series(Series s) {
        series.add(s);
        return this;
    }

    public BenchResult yLabel(String label) {
        this.yLabel = label;
        return this;
    }

    public BenchResult latency(Latency l) {
        latencies.add(l.line());
        return this;
    }

    public BenchResult note(String n) {
        notes.add(n);
        return this;
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public List<Series> series() {
        return List.copyOf(series);
    }

    public String title() {
        return title;
    }

    public String yLabel() {
        return yLabel;
    }

    public String chartFile() {
        return name + "-throughput.png";
    }

    /** The report section: figure table, latency percentiles, peak memory, chart link, notes. */
    public String markdown(String measuredAt) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(name).append(" — ").append(title).append("\n\n");
        md.append(params).append(" · measured ").append(measuredAt).append("\n\n");
        md.append("| figure | median | min–max | baseline | ratio | target | |\n|---|---|---|---|---|---|---|\n");
        figures.forEach(f -> md.append(f.row()).append('\n'));
        if (!latencies.isEmpty()) {
            md.append("\nLatency (HdrHistogram):\n\n");
            latencies.forEach(l -> md.append("- ").append(l).append('\n'));
        }
        if (!peaks.isEmpty()) {
            md.append("\n| process | peak RSS (VmHWM) | peak used heap (sampled) |\n|---|---|---|\n");
            peaks.values().forEach(p -> md.append("| ").append(p.process()).append(" | ")
                    .append(p.rssMb() > 0 ? Fmt.num(p.rssMb()) + " MB" : "–").append(" | ")
                    .append(p.heapMb() > 0 ? Fmt.num(p.heapMb()) + " MB" : "–").append(" |\n"));
        }
        if (!series.isEmpty()) {
            md.append("\n![").append(name).append(" throughput](").append(chartFile()).append(")\n");
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.append('\n').toString();
    }
}
