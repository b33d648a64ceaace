package io.mailroom.bench.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.mailroom.events.Topics;

/** Alternating runs: a campaign on a channel from start to finished, then a raw baseline sending as many mails. */
public final class ChannelComparison {
    /** The rates of both sides, run by run. */
    public record Rates(Samples mailroom, Samples raw) {}

    private ChannelComparison() {
    }

    public static Rates run(BenchSuite s, BenchContext ctx, BenchResult result, long list, int n, String channel,
            Supplier<RawBaseline> baselines) throws Exception {
        List<Double> mailroom = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        for (int run = 1; run <= ctx.runs(); run++) {
            long campaign = Campaigns.create(s, list, "bench " + channel + " " + run, channel, null);
            ThroughputRecorder curve = ThroughputRecorder.start("Mailroom run " + run,
                    () -> s.kafka().endOffsets(Topics.OUTCOMES), 1000);
            double secs = Campaigns.runToFinish(s, campaign, n, Duration.ofMinutes(60));
            result.series(curve.stop());
            mailroom.add(n / secs);
            RawBaseline baseline = baselines.get();
            ThroughputRecorder rawCurve = ThroughputRecorder.start("raw run " + run, baseline::done, 1000);
            raw.add(baseline.send(n));
            result.series(rawCurve.stop());
            System.out.printf("  run %d: Mailroom %.0f msg/s (%.1f s), raw %.0f msg/s%n", run, n / secs, secs,
                    raw.get(raw.size() - 1));
        }
        return new Rates(Samples.of(mailroom), Samples.of(raw));
    }
}
