package io.mailroom.bench.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Samples a growing counter in the background and turns it into a per-second throughput {@link Series}. */
public final class ThroughputRecorder implements AutoCloseable {
    private final String label;
    private final LongSupplier counter;
    private final long periodMillis;
    private final List<long[]> samples = new ArrayList<>();
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;

    private ThroughputRecorder(String label, LongSupplier counter, long periodMillis) {
        this.label = label;
        this.counter = counter;
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::loop, "bench-throughput");
        this.thread.setDaemon(true);
    }

    /** Starts sampling {@code counter} every {@code periodMillis}. */
    public static ThroughputRecorder start(String label, LongSupplier counter, long periodMillis) {
        ThroughputRecorder r = new ThroughputRecorder(label, counter, periodMillis);
        r.sample();
        r.thread.start();
        return r;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            try {
                sample();
            } catch (RuntimeException e) {
                // a failed probe (e.g. a broker hiccup) leaves a gap in the curve, not a failed benchmark
            }
        }
    }

    private void sample() {
        long value = counter.getAsLong();
        synchronized (samples) {
            samples.add(new long[] {System.nanoTime() - startNanos, value});
        }
    }

    /** Stops sampling and returns the curve: the rate between consecutive samples, at the later sample's time. */
    public Series stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        List<double[]> points = new ArrayList<>();
        synchronized (samples) {
            for (int i = 1; i < samples.size(); i++) {
                long[] a = samples.get(i - 1);
                long[] b = samples.get(i);
                double dt = (b[0] - a[0]) / 1e9;
                if (dt > 0) {
                    points.add(new double[] {b[0] / 1e9, (b[1] - a[1]) / dt});
                }
            }
        }
        return new Series(label, points);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
