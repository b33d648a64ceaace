package io.mailroom.bench.core;

import java.nio.file.Path;

/**
 * What every benchmark gets: size override (0 = its default), runs, its directories, and the root holding the
 * snapshot of the services' builds it runs; with {@code jfr} every service JVM records a JFR profile.
 */
public record BenchContext(int size, int runs, Path reportDir, Path dataDir, Path stateDir, Path appsRoot,
        boolean jfr) {
    public int sizeOr(int dflt) {
        return size > 0 ? size : dflt;
    }

    /** A short label like "200,000 recipients, 3 runs". */
    public String params(int n, String unit) {
        return String.format(java.util.Locale.ROOT, "%,d %s, %d runs", n, unit, runs);
    }
}
