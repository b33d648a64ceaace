package io.mailroom.bench.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.mailroom.events.Topics;

/**
 * Alternating runs after an untimed warm-up: a campaign on a channel from start to finished, then a raw baseline
 * sending as many mails.
 */
public final class ChannelComparison {
    /** The rates of both sides, run by run. */
    public record Rates(Samples mailroom, Samples raw) {}

    private static final int WARM_UP_MAX = 20_000;
    private static final int WARM_UP_MIN = 1_000;

    private ChannelComparison() {
    }

    /**
     * @param rawLatency where the timed raw runs record each send's latency (the warm-up records elsewhere)
     * @param baselines a fresh baseline per run, recording into the latency it is given
     */
    public static Rates run(BenchSuite s, BenchContext ctx, BenchResult result, long list, int n, String channel,
            Latency rawLatency, Function<Latency, RawBaseline> baselines) throws Exception {
        warmUp(s, ctx, n, channel, baselines);
        List<Double> mailroom = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        for (int run = 1; run <= ctx.runs(); run++) {
            long campaign = Campaigns.create(s, list, "bench " + channel + " " + run, channel, null);
            ThroughputRecorder curve = ThroughputRecorder.start("Mailroom run " + run,
                    () -> s.kafka().endOffsets(Topics.OUTCOMES), 1000);
            CpuMeter cpu = s.cpuMeter();
            double secs = Campaigns.runToFinish(s, campaign, n, Duration.ofMinutes(60));
            note(result, "run " + run + ", Mailroom: " + CpuMeter.perItem(cpu.stop(), n, "mail"));
            result.series(curve.stop());
            mailroom.add(n / secs);
            RawBaseline baseline = baselines.apply(rawLatency);
            ThroughputRecorder rawCurve = ThroughputRecorder.start("raw run " + run, baseline::done, 1000);
            CpuMeter rawCpu = s.cpuMeter();
            raw.add(baseline.send(n));
            note(result, "run " + run + ", raw baseline: " + CpuMeter.perItem(rawCpu.stop(), n, "mail"));
            result.series(rawCurve.stop());
            System.out.printf("  run %d: Mailroom %.0f msg/s (%.1f s), raw %.0f msg/s%n", run, n / secs, secs,
                    raw.get(raw.size() - 1));
        }
        return new Rates(Samples.of(mailroom), Samples.of(raw));
    }

    private static void note(BenchResult result, String text) {
        System.out.println("  " + text);
        result.note(text + ".");
    }

    /**
     * An untimed campaign and raw send of a tenth of the size (at most 20,000) to a list of their own, so that no timed
     * run pays for class loading and JIT compilation: the services run for months, a benchmark for minutes.
     */
    private static void warmUp(BenchSuite s, BenchContext ctx, int n, String channel,
            Function<Latency, RawBaseline> baselines) throws Exception {
        int size = Math.min(n / 10, WARM_UP_MAX);
        if (size < WARM_UP_MIN) {
            return;
        }
        long list = Subscribers.importList(s, ctx.dataDir(), channel + "-warmup", size);
        s.kafka().awaitCaughtUp("dispatch-subscribers", Topics.SUBSCRIBERS, Duration.ofMinutes(5));
        long campaign = Campaigns.create(s, list, "bench " + channel + " warm-up", channel, null);
        double secs = Campaigns.runToFinish(s, campaign, size, Duration.ofMinutes(20));
        double raw = baselines.apply(new Latency("warm-up, not reported")).send(size);
        System.out.printf("  warm-up (untimed): Mailroom %.0f msg/s, raw %.0f msg/s, %d mails each%n", size / secs,
                raw, size);
    }
}
