package io.mailroom.bench.core;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/** A latency histogram (HdrHistogram, microseconds, 3 significant digits) and its percentile line. */
public final class Latency {
    private final String name;
    private final Histogram histogram = new Histogram(3_600_000_000L, 3);

    public Latency(String name) {
        this.name = name;
    }

    public synchronized void recordNanos(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(nanos / 1000, histogram.getHighestTrackableValue())));
    }

    public synchronized void add(Latency other) {
        histogram.add(other.histogram);
    }

    /** {@code name: n=…, p50 … ms, p90, p99, p99.9, max}. */
    public synchronized String line() {
        return String.format(Locale.ROOT, "%s: n=%,d p50=%.2f ms p90=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms",
                name, histogram.getTotalCount(), ms(50), ms(90), ms(99), ms(99.9), histogram.getMaxValue() / 1000.0);
    }

    private double ms(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
