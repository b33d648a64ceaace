package io.mailroom.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.mailroom.bench.core.AppSnapshot;
import io.mailroom.bench.core.BenchContext;
import io.mailroom.bench.core.BenchResult;
import io.mailroom.bench.core.Benchmark;
import io.mailroom.bench.core.Figure;
import io.mailroom.bench.core.Report;
import io.mailroom.bench.dispatch.DispatchBench;
import io.mailroom.bench.fanout.FanoutBench;
import io.mailroom.bench.idle.IdleBench;
import io.mailroom.bench.imports.HeapCliffBench;
import io.mailroom.bench.imports.SubscriberBench;
import io.mailroom.bench.ratelimit.RateLimitBench;
import io.mailroom.bench.ses.SesBench;
import io.mailroom.bench.sns.SnsBench;
import io.mailroom.local.suite.SuiteConfig;

/** {@code ./mailroom bench [name…] [--size N] [--runs N] [--jfr]}: runs the benchmarks into target/bench. */
public final class BenchMain {
    private static final Map<String, Supplier<Benchmark>> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("dispatch", DispatchBench::new);
        BENCHMARKS.put("fanout", FanoutBench::new);
        BENCHMARKS.put("import", () -> new SubscriberBench(true, false));
        BENCHMARKS.put("export", () -> new SubscriberBench(false, true));
        BENCHMARKS.put("import-10m", () -> new HeapCliffBench(HeapCliffBench.Kind.IMPORT));
        BENCHMARKS.put("bulk", () -> new HeapCliffBench(HeapCliffBench.Kind.BULK));
        BENCHMARKS.put("ses", SesBench::new);
        BENCHMARKS.put("ratelimit", RateLimitBench::new);
        BENCHMARKS.put("sns", SnsBench::new);
        BENCHMARKS.put("idle", IdleBench::new);
    }

    private BenchMain() {
    }

    public static void main(String[] args) {
        List<String> names = new ArrayList<>();
        int size = 0;
        int runs = 3;
        boolean jfr = false;
        String outDir = "target/bench";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--jfr" -> jfr = true;
                case "--out" -> outDir = args[++i];
                case "all" -> names.addAll(BENCHMARKS.keySet());
                default -> {
                    if (!BENCHMARKS.containsKey(args[i])) {
                        System.err.println("usage: mailroom bench [" + String.join("|", BENCHMARKS.keySet())
                                + "|all …] [--size N] [--runs N] [--jfr] [--out DIR]   (no name = all; --jfr: a JFR "
                                + "profile per service under <out>/state/<name>/jfr; --out: default target/bench)");
                        System.exit(2);
                    }
                    names.add(args[i]);
                }
            }
        }
        if (names.isEmpty()) {
            names.addAll(BENCHMARKS.keySet());
        }
        if (names.contains("import") && names.contains("export")) {
            // one suite: the export reads the list the first import run created
            names.remove("export");
            names.set(names.indexOf("import"), "import+export");
        }
        Path root = SuiteConfig.findProjectRoot();
        Path out = root.resolve(outDir);
        Report report = new Report(out, List.copyOf(BENCHMARKS.keySet()));
        Path apps = AppSnapshot.take(root, out.resolve("apps-" + ProcessHandle.current().pid()));
        int failures = 0;
        for (String name : names) {
            BenchContext ctx = new BenchContext(size, runs, out, out.resolve("data"),
                    out.resolve("state").resolve(name), apps, jfr);
            System.out.println("== bench " + name + (size > 0 ? " --size " + size : "") + " --runs " + runs);
            try {
                Benchmark b = name.equals("import+export") ? new SubscriberBench(true, true)
                        : BENCHMARKS.get(name).get();
                for (BenchResult r : b.run(ctx)) {
                    report.add(r);
                    System.out.println("| figure | median | min–max | baseline | ratio | target | |");
                    r.figures().stream().map(Figure::row).forEach(System.out::println);
                }
            } catch (Exception | AssertionError e) {
                failures++;
                System.err.println("bench " + name + " failed: " + e);
                e.printStackTrace();
            }
        }
        AppSnapshot.delete(apps);
        System.out.println("Report: " + out.resolve("report.md") + " · " + out.resolve("results.json"));
        System.exit(failures == 0 ? 0 : 1);
    }
}
