package io.mailroom.bench.idle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mailroom.bench.core.BenchContext;
import io.mailroom.bench.core.BenchResult;
import io.mailroom.bench.core.BenchSuite;
import io.mailroom.bench.core.Benchmark;
import io.mailroom.bench.core.Figure;
import io.mailroom.bench.core.HeapProbe;
import io.mailroom.bench.core.Procs;
import io.mailroom.bench.core.Samples;
import io.mailroom.bench.core.Sleep;
import io.mailroom.bench.core.Target;
import io.mailroom.local.suite.Service;
import io.mailroom.local.suite.SuiteConfig;

/** Idle RSS of each service: the suite started, left alone for 30 s, then VmRSS read {@code runs} times 5 s apart. */
public final class IdleBench implements Benchmark {
    @Override
    public List<BenchResult> run(BenchContext ctx) {
        BenchResult result = new BenchResult("idle", "Idle RSS per service",
                ctx.runs() + " samples 5 s apart, after 30 s idle");
        try (BenchSuite s = BenchSuite.start(ctx, Map.of())) {
            Sleep.millis(30_000);
            Map<Service, List<Double>> rss = new java.util.EnumMap<>(Service.class);
            Map<Service, List<Double>> heap = new java.util.EnumMap<>(Service.class);
            for (int i = 0; i < ctx.runs(); i++) {
                for (Service svc : Service.values()) {
                    long pid = Procs.child(s.jarOf(svc)).orElseThrow().pid();
                    rss.computeIfAbsent(svc, k -> new ArrayList<>()).add(Procs.statusMb(pid, "VmRSS"));
                    heap.computeIfAbsent(svc, k -> new ArrayList<>()).add(HeapProbe.heapMb(s.suite().baseUrl(svc)));
                }
                Sleep.millis(5000);
            }
            for (Service svc : Service.values()) {
                result.figure(Figure.of(svc.module() + " idle RSS", "MB", Samples.of(rss.get(svc)), null,
                        Target.atMost(300)));
            }
            for (Service svc : Service.values()) {
                result.figure(Figure.of(svc.module() + " idle used heap", "MB", Samples.of(heap.get(svc)), null,
                        null));
            }
            result.note("JVM options as ./mailroom up starts them (SuiteConfig.defaults): "
                    + String.join(" ", SuiteConfig.JVM_OPTIONS) + ", environment MALLOC_ARENA_MAX=2.");
        }
        return List.of(result);
    }
}
