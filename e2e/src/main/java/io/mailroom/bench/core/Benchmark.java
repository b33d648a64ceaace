package io.mailroom.bench.core;

import java.util.List;

/** One {@code ./mailroom bench <name>} benchmark: starts what it needs, measures, returns its results. */
public interface Benchmark {
    List<BenchResult> run(BenchContext ctx) throws Exception;
}
