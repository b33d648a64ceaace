package io.mailroom.bench.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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
import io.mailroom.bench.core.ThroughputRecorder;
import io.mailroom.bench.export.CountingStream;
import io.mailroom.bench.export.ExportClient;
import io.mailroom.events.Topics;
import io.mailroom.local.suite.Service;

/**
 * subscriber-service's bulk paths on one suite: CSV import (vs {@code COPY FROM STDIN} of the same file) and CSV
 * export of a list (vs {@code COPY (same query) TO STDOUT}); {@code import}, {@code export} or both.
 */
public final class SubscriberBench implements Benchmark {
    private static final int DEFAULT_SIZE = 1_000_000;
    private static final String EXPORT_QUERY = """
            SELECT s.email, s.name, s.status, s.status_reason, s.attributes::text AS attributes,
                   (SELECT string_agg(x.list_id || ':' || x.status, ';' ORDER BY x.list_id)
                    FROM subscriptions x WHERE x.subscriber_id = s.id) AS lists
            FROM subscribers s
            WHERE EXISTS (SELECT 1 FROM subscriptions x WHERE x.subscriber_id = s.id AND x.list_id = %d)
            ORDER BY s.id""";

    private final boolean doImport;
    private final boolean doExport;

    public SubscriberBench(boolean doImport, boolean doExport) {
        this.doImport = doImport;
        this.doExport = doExport;
    }

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        int n = ctx.sizeOr(DEFAULT_SIZE);
        List<BenchResult> results = new ArrayList<>();
        try (BenchSuite s = BenchSuite.start(ctx, Map.of())) {
            // the replicas would spend runs 2-3 catching up on run 1's million states: measure subscriber-service alone
            s.suite().service(Service.CAMPAIGN).stop();
            s.suite().service(Service.DISPATCH).stop();
            PgCopy pg = new PgCopy(s.suite().stack(), "subscriber");
            long list;
            if (doImport) {
                BenchResult r = new BenchResult("import", "CSV import via POST /api/imports vs PostgreSQL COPY",
                        ctx.params(n, "rows"));
                r.yLabel("rows per second");
                list = importRuns(s, ctx, n, pg, r);
                results.add(r);
            } else {
                list = Subscribers.importList(s, ctx.dataDir(), "export", n);
            }
            if (doExport) {
                BenchResult r = new BenchResult("export", "CSV export via GET /api/exports/subscribers vs COPY TO "
                        + "STDOUT", ctx.params(n, "rows")).yLabel("rows per second");
                exportRuns(s, ctx, n, list, pg, r);
                results.add(r);
            }
        }
        return results;
    }

    private long importRuns(BenchSuite s, BenchContext ctx, int n, PgCopy pg, BenchResult r) throws Exception {
        ProcessWatch watch = s.watch();
        List<Double> api = new ArrayList<>();
        List<Double> published = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        long firstList = -1;
        for (int run = 1; run <= ctx.runs(); run++) {
            String prefix = "import" + run + "-";
            long list = s.operator().createList("bench import " + run);
            firstList = firstList < 0 ? list : firstList;
            Path file = Subscribers.csv(ctx.dataDir(), prefix, n);
            long before = s.kafka().endOffsets(Topics.SUBSCRIBERS);
            AtomicReference<String> importId = new AtomicReference<>();
            ThroughputRecorder curve = ThroughputRecorder.start("import run " + run, () -> importId.get() == null ? 0
                    : s.api().get(Service.SUBSCRIBER, "/api/imports/" + importId.get()).ok().path("processed")
                            .asLong(), 1000);
            long t0 = System.nanoTime();
            importId.set(Subscribers.upload(s, list, file));
            Subscribers.awaitImported(s, importId.get(), n, Duration.ofMinutes(30));
            double secs = (System.nanoTime() - t0) / 1e9;
            r.series(curve.stop());
            while (s.kafka().endOffsets(Topics.SUBSCRIBERS) < before + n) {
                Sleep.millis(100);
            }
            double pub = (System.nanoTime() - t0) / 1e9;
            double c = pg.copyIn(file);
            Files.deleteIfExists(file);
            api.add(secs);
            published.add(pub);
            copy.add(c);
            System.out.printf("  import run %d: %.1f s (%.0f rows/s), all states on mailroom.subscribers after %.1f s;"
                    + " COPY %.1f s%n", run, secs, n / secs, pub, c);
        }
        Map<String, Peak> peaks = watch.stop();
        r.peaks(peaks);
        double scale = (double) n / DEFAULT_SIZE;
        r.figure(Figure.of(String.format("import of %,d rows (upload → finished)", n), "s", Samples.of(api),
                Samples.of(copy),
                Target.atMost(60 * scale)));
        r.figure(Figure.of("… until every state is on mailroom.subscribers", "s", Samples.of(published), null, null));
        r.figure(Figure.of("PostgreSQL COPY FROM STDIN, same file (baseline)", "s", Samples.of(copy), null, null));
        r.figure(Figure.single("import rate", "rows/s", n / Samples.of(api).median(), null));
        r.figure(Figure.single("subscriber-service peak used heap", "MB",
                peaks.get(Service.SUBSCRIBER.module()).heapMb(), Target.atMost(512)));
        r.note("campaign-service and dispatch-service are stopped during import/export (their replicas would "
                + "otherwise consume 1M states per run in the background); feedback-service runs. The COPY baseline "
                + "loads a scratch table without indexes or constraints: it is the database's ceiling, not a like-for-"
                + "like import. Target scaled to the size below 1M rows.");
        return firstList;
    }

    private void exportRuns(BenchSuite s, BenchContext ctx, int n, long list, PgCopy pg, BenchResult r) {
        ProcessWatch watch = s.watch();
        List<Double> api = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        for (int run = 1; run <= ctx.runs(); run++) {
            CountingStream out = new CountingStream();
            ThroughputRecorder curve = ThroughputRecorder.start("export run " + run, out::lines, 1000);
            double secs = ExportClient.export(s, list, out);
            r.series(curve.stop());
            if (out.lines() != n + 1) {
                throw new IllegalStateException("export returned " + out.lines() + " lines, expected " + (n + 1));
            }
            CountingStream copied = new CountingStream();
            double c = pg.copyOut(EXPORT_QUERY.formatted(list), copied);
            api.add(secs);
            copy.add(c);
            System.out.printf("  export run %d: %.1f s (%.0f rows/s, %,d bytes); COPY TO STDOUT %.1f s (%,d bytes)%n",
                    run, secs, n / secs, out.bytes(), c, copied.bytes());
        }
        Map<String, Peak> peaks = watch.stop();
        r.peaks(peaks);
        r.figure(Figure.of(String.format("export of %,d rows (request → last byte)", n), "s", Samples.of(api),
                Samples.of(copy),
                Target.atMost(20.0 * n / DEFAULT_SIZE)));
        r.figure(Figure.of("COPY (same query) TO STDOUT (baseline)", "s", Samples.of(copy), null, null));
        r.figure(Figure.single("export rate", "rows/s", n / Samples.of(api).median(), null));
        r.figure(Figure.single("subscriber-service peak used heap", "MB",
                peaks.get(Service.SUBSCRIBER.module()).heapMb(), null));
        r.note(String.format("Filter: one list of %,d members", n) + ". Target scaled to the size below 1M rows.");
    }
}
