package io.mailroom.bench.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mailroom.bench.core.BenchContext;
import io.mailroom.bench.core.BenchResult;
import io.mailroom.bench.core.BenchSuite;
import io.mailroom.bench.core.Benchmark;
import io.mailroom.bench.core.ChannelComparison;
import io.mailroom.bench.core.Figure;
import io.mailroom.bench.core.Latency;
import io.mailroom.bench.core.ProcessWatch;
import io.mailroom.bench.core.Samples;
import io.mailroom.bench.core.Subscribers;
import io.mailroom.bench.core.Target;
import io.mailroom.events.Topics;
import io.mailroom.local.SmtpSink;
import io.mailroom.local.suite.Service;

/**
 * SMTP dispatch end to end (campaign start → finished, every recipient SENT) into Postfix smtp-sink, against a raw
 * Vert.x Mail blast of the same count into the same sink and against the durable floor (the brief's required writes
 * per recipient and nothing else), alternating run by run.
 */
public final class DispatchBench implements Benchmark {
    private static final int DEFAULT_SIZE = 200_000;
    private static final int RAW_CONCURRENCY = 20;

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        int n = ctx.sizeOr(DEFAULT_SIZE);
        BenchResult result = new BenchResult("dispatch", "SMTP dispatch end to end vs raw Vert.x Mail blast",
                ctx.params(n, "recipients") + ", into smtp-sink").yLabel("mails per second");
        try (SmtpSink sink = SmtpSink.start(ctx.stateDir().resolve("smtp-sink.log"));
                BenchSuite s = BenchSuite.start(ctx, Map.of(Service.DISPATCH, Map.of(
                        "mailroom.smtp.host", "127.0.0.1", "mailroom.smtp.port", String.valueOf(sink.port()))))) {
            long list = Subscribers.importList(s, ctx.dataDir(), "dispatch", n);
            s.kafka().awaitCaughtUp("dispatch-subscribers", Topics.SUBSCRIBERS, Duration.ofMinutes(20));
            ProcessWatch watch = s.watch(new ProcessWatch.Watched("smtp-sink", () -> Optional.of(sink.handle()), null));
            Latency rawLatency = new Latency("raw Vert.x Mail send (20 in flight)");
            List<RawSmtpBlast> blasts = new ArrayList<>();
            ChannelComparison.Rates rates = ChannelComparison.run(s, ctx, result, list, n, "smtp", List.of(
                    new ChannelComparison.Baseline("raw blast", rawLatency, latency -> {
                        RawSmtpBlast blast = new RawSmtpBlast("127.0.0.1", sink.port(), RAW_CONCURRENCY, latency);
                        blasts.add(blast);
                        return blast;
                    }),
                    new ChannelComparison.Baseline("durable floor", new Latency("not recorded"),
                            latency -> new DurableFloor(s.suite().stack(), s.kafka(), "127.0.0.1", sink.port(),
                                    RAW_CONCURRENCY))));
            result.peaks(watch.stop());
            Samples floor = rates.baselines().get(1);
            Figure fig = Figure.of("SMTP dispatch, campaign start → finished", "msg/s", rates.mailroom(), rates.raw(),
                    Target.atLeast(3000));
            result.figure(fig);
            result.figure(Figure.of("raw Vert.x Mail blast (baseline)", "msg/s", rates.raw(), null, null));
            result.figure(Figure.single("dispatch / raw blast", "×", fig.ratio(), Target.atLeast(0.8)));
            Figure floorFig = Figure.of("durable floor (second baseline)", "msg/s", floor, rates.raw(), null);
            result.figure(floorFig);
            result.figure(Figure.single("durable floor / raw blast", "×", floorFig.ratio(), null));
            result.figure(Figure.of("SMTP dispatch vs the durable floor", "msg/s", rates.mailroom(), floor, null));
            result.latency(rawLatency);
            List<Long> stalls = blasts.stream().map(RawSmtpBlast::stalled).toList();
            result.note("Raw blast sends that had no result within their deadline and were resent on a fresh client, "
                    + "per blast (the untimed warm-up first when the size is 10,000 or more): " + stalls + ".");
            result.note("Durable floor: the brief's required durable steps per recipient (recipient row, send "
                    + "published after its commit, SENDING claim before the SMTP call, SENT + outbox row after it, "
                    + "outbox relayed, outcome folded into the recipient row) in one JVM with plain JDBC and Kafka "
                    + "clients, batched per poll, 20 mails in flight — no service code, no suppression check, "
                    + "rendering, rate limit or counts: the fastest an implementation of the brief could be here "
                    + "(DurableFloor).");
            result.note("End to end: the clock runs from POST /start to the first poll (250 ms) that sees `finished` "
                    + "with every recipient SENT, so it includes fan-out, dispatch and outcome accounting.");
        }
        return List.of(result);
    }
}
