package io.mailroom.bench.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The runs of one measurement: median, minimum and maximum. */
public record Samples(List<Double> values) {
    public Samples {
        values = List.copyOf(values);
    }

    public static Samples of(List<Double> values) {
        return new Samples(values);
    }

    public double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
