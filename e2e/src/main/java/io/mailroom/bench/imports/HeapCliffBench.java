package io.mailroom.bench.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.bench.core.BenchContext;
import io.mailroom.bench.core.BenchResult;
import io.mailroom.bench.core.BenchSuite;
import io.mailroom.bench.core.Benchmark;
import io.mailroom.bench.core.Figure;
import io.mailroom.bench.core.Peak;
import io.mailroom.bench.core.ProcessWatch;
import io.mailroom.bench.core.Samples;
import io.mailroom.bench.core.Sleep;
import io.mailroom.bench.core.Subscribers;
import io.mailroom.bench.core.Target;
import io.mailroom.local.suite.Service;

/**
 * No heap cliffs (issue 14 point 6), with the services capped at {@code -Xmx512m}: {@code import-10m} imports a
 * 10 M-row CSV (duplicate detection no longer grows the heap with the file), {@code bulk} blocklists a 5 M-member list
 * by filter and reverts it (chunked: neither materialises every id). Both must finish; the figure is the peak used
 * heap of subscriber-service. {@code --size} scales the rows; {@code --runs 1} is enough at full size.
 */
public final class HeapCliffBench implements Benchmark {
    private static final String MAX_HEAP = "512m";
    private static final Duration LIMIT = Duration.ofHours(2);

    /** Which of the two benchmarks. */
    public enum Kind { IMPORT, BULK }

    private final Kind kind;

    public HeapCliffBench(Kind kind) {
        this.kind = kind;
    }

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        int n = ctx.sizeOr(kind == Kind.IMPORT ? 10_000_000 : 5_000_000);
        try (BenchSuite s = BenchSuite.start(ctx, Map.of(), MAX_HEAP)) {
            // as in SubscriberBench: the replicas would consume millions of states in the background
            s.suite().service(Service.CAMPAIGN).stop();
            s.suite().service(Service.DISPATCH).stop();
            return List.of(kind == Kind.IMPORT ? importRuns(s, ctx, n) : bulkRuns(s, ctx, n));
        }
    }

    private BenchResult importRuns(BenchSuite s, BenchContext ctx, int n) throws Exception {
        BenchResult r = new BenchResult("import-10m", "CSV import of " + String.format("%,d", n)
                + " rows with subscriber-service at -Xmx" + MAX_HEAP, ctx.params(n, "rows")).yLabel("rows per second");
        List<Double> seconds = new ArrayList<>();
        ProcessWatch watch = s.watch();
        for (int run = 1; run <= ctx.runs(); run++) {
            String prefix = "big" + run + "-";
            Path file = Subscribers.csv(ctx.dataDir(), prefix, n);
            long list = s.operator().createList("heap import " + run);
            long t0 = System.nanoTime();
            String id = Subscribers.upload(s, list, file);
            Subscribers.awaitImported(s, id, n, LIMIT);
            double secs = (System.nanoTime() - t0) / 1e9;
            Files.deleteIfExists(file);
            seconds.add(secs);
            System.out.printf("  import run %d: %,d rows in %.1f s (%.0f rows/s)%n", run, n, secs, n / secs);
        }
        Map<String, Peak> peaks = watch.stop();
        r.peaks(peaks);
        r.figure(Figure.of(String.format("import of %,d rows (upload → finished)", n), "s", Samples.of(seconds),
                null, null));
        r.figure(Figure.single("import rate", "rows/s", n / Samples.of(seconds).median(), null));
        r.figure(Figure.single("subscriber-service peak used heap", "MB",
                peaks.get(Service.SUBSCRIBER.module()).heapMb(), Target.atMost(512)));
        r.note("Every service JVM at -Xmx" + MAX_HEAP + "; campaign-service and dispatch-service stopped. Before "
                + "issue 14 the in-memory duplicate table outgrew a 512 MB heap near 6.3 M distinct rows.");
        return r;
    }

    private BenchResult bulkRuns(BenchSuite s, BenchContext ctx, int n) throws Exception {
        BenchResult r = new BenchResult("bulk", "Bulk blocklist of a " + String.format("%,d", n)
                + "-member list and its revert with subscriber-service at -Xmx" + MAX_HEAP, ctx.params(n, "members"))
                .yLabel("subscribers per second");
        long t0 = System.nanoTime();
        long list = Subscribers.importList(s, ctx.dataDir(), "bulk-", n);
        System.out.printf("  %,d members imported in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        List<Double> blocklist = new ArrayList<>();
        List<Double> revert = new ArrayList<>();
        ProcessWatch watch = s.watch();
        for (int run = 1; run <= ctx.runs(); run++) {
            Map<String, Object> filter = Map.of("list", list);
            JsonNode dry = s.api().post(Service.SUBSCRIBER, "/api/bulk-actions",
                    Map.of("action", "blocklist", "filter", filter)).ok();
            if (dry.path("matched").asLong() != n) {
                throw new IllegalStateException("the dry run matched " + dry + ", expected " + n);
            }
            long start = System.nanoTime();
            JsonNode started = s.api().post(Service.SUBSCRIBER, "/api/bulk-actions", Map.of("action", "blocklist",
                    "filter", filter, "confirmToken", dry.path("confirmToken").asText())).ok();
            long id = started.path("id").asLong();
            JsonNode done = await(s, id, "status", LIMIT);
            double blockSecs = (System.nanoTime() - start) / 1e9;
            if (done.path("affected").asLong() != n) {
                throw new IllegalStateException("bulk action " + id + " affected " + done + ", expected " + n);
            }
            start = System.nanoTime();
            s.api().post(Service.SUBSCRIBER, "/api/bulk-actions/" + id + "/revert", null).ok();
            JsonNode reverted = await(s, id, "revertStatus", LIMIT);
            double revertSecs = (System.nanoTime() - start) / 1e9;
            if (reverted.path("restored").asLong() != n) {
                throw new IllegalStateException("revert of " + id + " restored " + reverted + ", expected " + n);
            }
            blocklist.add(blockSecs);
            revert.add(revertSecs);
            System.out.printf("  bulk run %d: blocklist of %,d in %.1f s (%.0f/s), revert in %.1f s (%.0f/s)%n", run,
                    n, blockSecs, n / blockSecs, revertSecs, n / revertSecs);
        }
        Map<String, Peak> peaks = watch.stop();
        r.peaks(peaks);
        r.figure(Figure.of(String.format("bulk blocklist of %,d (confirm → finished)", n), "s", Samples.of(blocklist),
                null, null));
        r.figure(Figure.of("… its revert (revert → finished)", "s", Samples.of(revert), null, null));
        r.figure(Figure.single("blocklist rate", "subscribers/s", n / Samples.of(blocklist).median(), null));
        r.figure(Figure.single("subscriber-service peak used heap", "MB",
                peaks.get(Service.SUBSCRIBER.module()).heapMb(), Target.atMost(512)));
        r.note("Every service JVM at -Xmx" + MAX_HEAP + "; campaign-service and dispatch-service stopped; the heap is "
                + "watched during the bulk actions, not the import of the members before them. Chunks of "
                + "mailroom.bulk.chunk-size (10,000) subscribers, one transaction each.");
        return r;
    }

    /** Polls the bulk action until {@code field} is {@code finished}. */
    private static JsonNode await(BenchSuite s, long id, String field, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode view = null;
        while (System.nanoTime() < deadline) {
            view = s.api().get(Service.SUBSCRIBER, "/api/bulk-actions/" + id).ok();
            if ("finished".equals(view.path(field).asText())) {
                return view;
            }
            Sleep.millis(500);
        }
        throw new IllegalStateException("bulk action " + id + ": " + field + " not finished after " + timeout + ": "
                + view);
    }
}
