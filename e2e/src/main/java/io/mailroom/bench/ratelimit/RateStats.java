package io.mailroom.bench.ratelimit;

import java.util.ArrayList;
import java.util.List;

import io.mailroom.bench.core.Series;

/** Rate figures from sorted send times: overall rate, the busiest 10 s window, and a per-second curve. */
public record RateStats(double rate, double maxWindowRate, Series perSecond) {
    private static final long WINDOW_MS = 10_000;

    /** Overall rate = (n − 1) / (last − first); busiest window = most sends in any [t, t + 10 s) / 10. */
    public static RateStats of(String label, List<Long> times) {
        int n = times.size();
        double rate = (n - 1) / ((times.get(n - 1) - times.get(0)) / 1000.0);
        int best = 0;
        int j = 0;
        for (int i = 0; i < n; i++) {
            while (j < n && times.get(j) < times.get(i) + WINDOW_MS) {
                j++;
            }
            best = Math.max(best, j - i);
        }
        // only full windows count: a window starting later than 10 s before the last send is not full
        List<double[]> points = new ArrayList<>();
        long first = times.get(0);
        int[] buckets = new int[(int) ((times.get(n - 1) - first) / 1000) + 1];
        times.forEach(t -> buckets[(int) ((t - first) / 1000)]++);
        for (int s = 0; s < buckets.length; s++) {
            points.add(new double[] {s, buckets[s]});
        }
        return new RateStats(rate, best / (WINDOW_MS / 1000.0), new Series(label, points));
    }
}
