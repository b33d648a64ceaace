package io.mailroom.bench.core;

import java.util.List;

/** A throughput curve for the chart: (seconds since the run started, units per second) points. */
public record Series(String label, List<double[]> points) {
    public Series {
        points = List.copyOf(points);
    }
}
