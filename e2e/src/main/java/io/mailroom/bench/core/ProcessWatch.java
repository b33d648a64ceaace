package io.mailroom.bench.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Samples the peak RSS (VmHWM) of the benchmarked processes every second and their used heap every 5 s (a /q/metrics
 * scrape costs a service noticeable CPU: 14 % of dispatch's samples at 1/s in a JFR profile).
 */
public final class ProcessWatch implements AutoCloseable {
    /** One watched process: found anew on every sample (a restarted service has a new pid), heap URL optional. */
    public record Watched(String label, Supplier<Optional<ProcessHandle>> process, String metricsBaseUrl) {}

    private final List<Watched> watched;
    private final Map<String, Peak> peaks = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int tick;

    private ProcessWatch(List<Watched> watched) {
        this.watched = List.copyOf(watched);
        watched.forEach(w -> peaks.put(w.label(), new Peak(w.label(), 0, 0)));
        thread = new Thread(this::loop, "bench-memory");
        thread.setDaemon(true);
    }

    public static ProcessWatch start(List<Watched> watched) {
        ProcessWatch w = new ProcessWatch(watched);
        w.thread.start();
        return w;
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        boolean heapNow = tick++ % 5 == 0;
        for (Watched w : watched) {
            Optional<ProcessHandle> p = w.process().get();
            double rss = p.map(h -> Procs.statusMb(h.pid(), "VmHWM")).orElse(-1.0);
            double heap = !heapNow || w.metricsBaseUrl() == null || p.isEmpty() ? -1
                    : HeapProbe.heapMb(w.metricsBaseUrl());
            synchronized (peaks) {
                peaks.computeIfPresent(w.label(), (k, v) -> v.max(rss, heap));
            }
        }
    }

    /** Stops sampling (after one last sample) and returns the peaks per process. */
    public Map<String, Peak> stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        synchronized (peaks) {
            return new LinkedHashMap<>(peaks);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
