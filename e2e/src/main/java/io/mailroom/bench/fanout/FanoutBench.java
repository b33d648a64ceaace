package io.mailroom.bench.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mailroom.bench.core.BenchContext;
import io.mailroom.bench.core.BenchResult;
import io.mailroom.bench.core.BenchSuite;
import io.mailroom.bench.core.Benchmark;
import io.mailroom.bench.core.Campaigns;
import io.mailroom.bench.core.Figure;
import io.mailroom.bench.core.Peak;
import io.mailroom.bench.core.ProcessWatch;
import io.mailroom.bench.core.Samples;
import io.mailroom.bench.core.Sleep;
import io.mailroom.bench.core.Subscribers;
import io.mailroom.bench.core.Target;
import io.mailroom.bench.core.ThroughputRecorder;
import io.mailroom.events.Topics;
import io.mailroom.local.suite.Service;

/**
 * Fan-out: campaign start until every send request is on {@code mailroom.sends} (topic end offsets), with dispatch
 * stopped so only the fan-out is measured; baseline: a raw KafkaProducer writing as many records of the same size.
 */
public final class FanoutBench implements Benchmark {
    private static final int DEFAULT_SIZE = 1_000_000;
    private static final String RAW_TOPIC = "bench.raw-sends";

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        int n = ctx.sizeOr(DEFAULT_SIZE);
        BenchResult result = new BenchResult("fanout", "Fan-out: campaign start → every send on mailroom.sends",
                ctx.params(n, "recipients") + ", dispatch stopped").yLabel("send records per second");
        try (BenchSuite s = BenchSuite.start(ctx, Map.of())) {
            s.suite().service(Service.DISPATCH).stop();
            long list = Subscribers.importList(s, ctx.dataDir(), "fanout", n);
            s.kafka().createTopic(RAW_TOPIC, 12);
            ProcessWatch watch = s.watch();
            List<Double> fanout = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            byte[] sample = null;
            for (int run = 1; run <= ctx.runs(); run++) {
                long campaign = Campaigns.create(s, list, "bench fanout " + run, "smtp", null);
                s.operator().preflight(campaign, n, Duration.ofMinutes(30));
                long before = s.kafka().endOffsets(Topics.SENDS);
                ThroughputRecorder curve = ThroughputRecorder.start("fan-out run " + run,
                        () -> s.kafka().endOffsets(Topics.SENDS) - before, 1000);
                long t0 = System.nanoTime();
                s.operator().start(campaign, List.of());
                awaitOffsets(s, before + n, Duration.ofMinutes(30));
                double secs = (System.nanoTime() - t0) / 1e9;
                result.series(curve.stop());
                fanout.add(secs);
                if (sample == null) {
                    sample = SendSample.value(s.suite().stack().kafkaBootstrap());
                }
                RawProducer producer = new RawProducer();
                ThroughputRecorder rawCurve = ThroughputRecorder.start("raw producer run " + run, producer::acked,
                        1000);
                raw.add(producer.run(s.suite().stack().kafkaBootstrap(), RAW_TOPIC, n, sample));
                result.series(rawCurve.stop());
                System.out.printf("  run %d: fan-out %.1f s (%.0f/s), raw producer %.1f s%n", run, secs, n / secs,
                        raw.get(raw.size() - 1));
            }
            Map<String, Peak> peaks = watch.stop();
            result.peaks(peaks);
            result.figure(Figure.of(String.format("fan-out of %,d recipients", n), "s", Samples.of(fanout),
                    Samples.of(raw),
                    Target.atMost(30.0 * n / DEFAULT_SIZE)));
            result.figure(Figure.of("raw KafkaProducer, same records (baseline)", "s", Samples.of(raw), null, null));
            result.figure(Figure.single("campaign-service peak used heap", "MB",
                    peaks.get(Service.CAMPAIGN.module()).heapMb(), Target.atMost(256)));
            result.note("Send record size " + sample.length + " bytes (one read back from mailroom.sends); the raw "
                    + "producer writes that value with acks=all and the client's default batching.");
            result.note("Target scaled to the size when run below 1M (30 s per 1M).");
        }
        return List.of(result);
    }

    private static void awaitOffsets(BenchSuite s, long target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (s.kafka().endOffsets(Topics.SENDS) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fan-out incomplete after " + timeout);
            }
            Sleep.millis(100);
        }
    }
}
