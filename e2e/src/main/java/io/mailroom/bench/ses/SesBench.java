package io.mailroom.bench.ses;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.mailroom.bench.core.BenchContext;
import io.mailroom.bench.core.BenchResult;
import io.mailroom.bench.core.BenchSuite;
import io.mailroom.bench.core.Benchmark;
import io.mailroom.bench.core.ChannelComparison;
import io.mailroom.bench.core.Figure;
import io.mailroom.bench.core.Latency;
import io.mailroom.bench.core.ProcessWatch;
import io.mailroom.bench.core.Procs;
import io.mailroom.bench.core.Subscribers;
import io.mailroom.events.Topics;

/** SES path end to end (campaign on channel ses → finished) vs raw SesV2 SendEmail calls into the same moto. */
public final class SesBench implements Benchmark {
    /** moto answers ~200 SendEmail/s here: 2,000 keeps a run to a minute or two. */
    private static final int DEFAULT_SIZE = 2_000;

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        int n = ctx.sizeOr(DEFAULT_SIZE);
        BenchResult result = new BenchResult("ses", "SES path end to end vs raw SesV2 SDK calls",
                ctx.params(n, "recipients") + ", into moto_server").yLabel("mails per second");
        try (BenchSuite s = BenchSuite.start(ctx, Map.of())) {
            s.suite().stack().verifySesIdentity("mailroom.test");
            s.suite().stack().verifySesIdentity("news@mailroom.test");
            long list = Subscribers.importList(s, ctx.dataDir(), "ses", n);
            s.kafka().awaitCaughtUp("dispatch-subscribers", Topics.SUBSCRIBERS, Duration.ofMinutes(10));
            ProcessWatch watch = s.watch(new ProcessWatch.Watched("moto_server", () -> Procs.child("moto_server"),
                    null));
            Latency rawLatency = new Latency("raw SesV2 SendEmail (16 threads)");
            String endpoint = s.suite().stack().sesEndpoint();
            ChannelComparison.Rates rates = ChannelComparison.run(s, ctx, result, list, n, "ses", rawLatency,
                    latency -> new RawSesBlast(endpoint, latency));
            result.peaks(watch.stop());
            Figure fig = Figure.of("SES dispatch, campaign start → finished", "msg/s", rates.mailroom(), rates.raw(),
                    null);
            result.figure(fig);
            result.figure(Figure.of("raw SesV2 SendEmail (baseline)", "msg/s", rates.raw(), null, null));
            result.latency(rawLatency);
            result.note("Peer: the stack's moto_server (identity mailroom.test verified). No target was set for SES: "
                    + "the ratio shows how much of the peer's capacity the product path uses.");
        }
        return List.of(result);
    }
}
