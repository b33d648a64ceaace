package io.mailroom.bench.core;

import java.util.List;

/**
 * One reported figure: the median of its runs (with min–max), the baseline's median measured in the same run, their
 * ratio, and the target (null when the figure has none).
 */
public record Figure(String name, double value, String unit, Double baseline, Double ratio, String target, Boolean met,
        double min, double max, int runs, List<Double> samples) {

    /** A figure from its runs, an optional baseline's runs and an optional target. */
    public static Figure of(String name, String unit, Samples runs, Samples baseline, Target target) {
        double v = runs.median();
        Double b = baseline == null ? null : baseline.median();
        Double ratio = b == null || b == 0 ? null : v / b;
        return new Figure(name, v, unit, b, ratio, target == null ? null : target.toString(),
                target == null ? null : target.met(v), runs.min(), runs.max(), runs.values().size(), runs.values());
    }

    /** A single derived value (e.g. a ratio of medians) with an optional target. */
    public static Figure single(String name, String unit, double value, Target target) {
        return of(name, unit, Samples.of(List.of(value)), null, target);
    }

    /** The table row: name, median, min–max, baseline, ratio, target, met. */
    public String row() {
        String range = runs > 1 ? Fmt.num(min) + "–" + Fmt.num(max) : "";
        String verdict = met == null ? "" : met ? "met" : "**NOT met**";
        return "| " + name.replace("|", "\\|") + " | " + Fmt.num(value) + " " + unit + " | " + range + " | "
                + Fmt.num(baseline) + " | "
                + (ratio == null ? "–" : Fmt.num(ratio) + "×") + " | " + (target == null ? "–" : target) + " | "
                + verdict + " |";
    }
}
