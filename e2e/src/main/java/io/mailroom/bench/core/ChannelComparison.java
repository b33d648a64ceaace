package io.mailroom.bench.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.mailroom.events.Topics;

/**
 * Alternating runs after an untimed warm-up: a campaign on a channel from start to finished, then each baseline
 * sending as many mails.
 */
public final class ChannelComparison {
    /** The rates of Mailroom and of each baseline (in the order given), run by run. */
    public record Rates(Samples mailroom, List<Samples> baselines) {
        /** The first baseline's rates. */
        public Samples raw() {
            return baselines.get(0);
        }
    }

    /**
     * A baseline run after Mailroom in every round: its label, where its timed runs record latency, and a fresh one
     * per run.
     */
    public record Baseline(String label, Latency latency, Function<Latency, RawBaseline> factory) {}

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
        return run(s, ctx, result, list, n, channel, List.of(new Baseline("raw baseline", rawLatency, baselines)));
    }

    /** Rounds of Mailroom then each baseline in turn, after an untimed warm-up of all of them. */
    public static Rates run(BenchSuite s, BenchContext ctx, BenchResult result, long list, int n, String channel,
            List<Baseline> baselines) throws Exception {
        warmUp(s, ctx, n, channel, baselines);
        List<Double> mailroom = new ArrayList<>();
        List<List<Double>> raw = new ArrayList<>();
        baselines.forEach(b -> raw.add(new ArrayList<>()));
        for (int run = 1; run <= ctx.runs(); run++) {
            long campaign = Campaigns.create(s, list, "bench " + channel + " " + run, channel, null);
            ThroughputRecorder curve = ThroughputRecorder.start("Mailroom run " + run,
                    () -> s.kafka().endOffsets(Topics.OUTCOMES), 1000);
            CpuMeter cpu = s.cpuMeter();
            double secs = Campaigns.runToFinish(s, campaign, n, Duration.ofMinutes(60));
            note(result, "run " + run + ", Mailroom: " + CpuMeter.perItem(cpu.stop(), n, "mail"));
            result.series(curve.stop());
            mailroom.add(n / secs);
            StringBuilder line = new StringBuilder(String.format("  run %d: Mailroom %.0f msg/s (%.1f s)", run,
                    n / secs, secs));
            for (int i = 0; i < baselines.size(); i++) {
                Baseline b = baselines.get(i);
                try (RawBaseline baseline = b.factory().apply(b.latency())) {
                    ThroughputRecorder rawCurve = ThroughputRecorder.start(b.label() + " run " + run, baseline::done,
                            1000);
                    CpuMeter rawCpu = s.cpuMeter();
                    double rate = baseline.send(n);
                    raw.get(i).add(rate);
                    note(result, "run " + run + ", " + b.label() + ": " + CpuMeter.perItem(rawCpu.stop(), n, "mail"));
                    result.series(rawCurve.stop());
                    line.append(String.format(", %s %.0f msg/s", b.label(), rate));
                }
            }
            System.out.println(line);
        }
        return new Rates(Samples.of(mailroom), raw.stream().map(Samples::of).toList());
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
            List<Baseline> baselines) throws Exception {
        int size = Math.min(n / 10, WARM_UP_MAX);
        if (size < WARM_UP_MIN) {
            return;
        }
        long list = Subscribers.importList(s, ctx.dataDir(), channel + "-warmup", size);
        s.kafka().awaitCaughtUp("dispatch-subscribers", Topics.SUBSCRIBERS, Duration.ofMinutes(5));
        long campaign = Campaigns.create(s, list, "bench " + channel + " warm-up", channel, null);
        double secs = Campaigns.runToFinish(s, campaign, size, Duration.ofMinutes(20));
        StringBuilder line = new StringBuilder(String.format("  warm-up (untimed, %d mails each): Mailroom %.0f msg/s",
                size, size / secs));
        for (Baseline b : baselines) {
            try (RawBaseline baseline = b.factory().apply(new Latency("warm-up, not reported"))) {
                line.append(String.format(", %s %.0f msg/s", b.label(), baseline.send(size)));
            }
        }
        System.out.println(line);
    }
}
