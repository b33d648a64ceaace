package io.mailroom.bench.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mailroom.bench.core.BenchContext;
import io.mailroom.bench.core.BenchResult;
import io.mailroom.bench.core.BenchSuite;
import io.mailroom.bench.core.Benchmark;
import io.mailroom.bench.core.Campaigns;
import io.mailroom.bench.core.Figure;
import io.mailroom.bench.core.ProcessWatch;
import io.mailroom.bench.core.Samples;
import io.mailroom.bench.core.Subscribers;
import io.mailroom.bench.core.Target;
import io.mailroom.events.Topics;
import io.mailroom.local.SmtpSink;
import io.mailroom.local.suite.Service;

/**
 * Rate-limiter precision: a campaign with rateLimit R = 200 msg/s sent by two dispatch instances; the send times
 * (SENT outcomes' {@code occurredAt}) must average within ±3 % of R and never exceed 1.01 R in any 10 s window.
 */
public final class RateLimitBench implements Benchmark {
    private static final int RATE = 200;
    private static final int DEFAULT_SIZE = 12_000;

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        int n = ctx.sizeOr(DEFAULT_SIZE);
        BenchResult result = new BenchResult("ratelimit", "Rate-limiter precision, R = " + RATE
                + " msg/s over 2 dispatch instances", ctx.params(n, "recipients per campaign"))
                .yLabel("SENT per second (by occurredAt)");
        try (SmtpSink sink = SmtpSink.start(ctx.stateDir().resolve("smtp-sink.log"));
                BenchSuite s = BenchSuite.start(ctx, Map.of(Service.DISPATCH, Map.of(
                        "mailroom.smtp.host", "127.0.0.1", "mailroom.smtp.port", String.valueOf(sink.port()))));
                SecondDispatch second = SecondDispatch.start(s.jarOf(Service.DISPATCH),
                        ctx.stateDir().resolve("dispatch-2.log"))) {
            long list = Subscribers.importList(s, ctx.dataDir(), "ratelimit", n);
            s.kafka().awaitCaughtUp("dispatch-subscribers", Topics.SUBSCRIBERS, Duration.ofMinutes(10));
            ProcessWatch watch = s.watch(new ProcessWatch.Watched("dispatch-service #2",
                    () -> Optional.of(second.handle()), second.baseUrl()));
            // warm-up (not measured): an unlimited campaign, so that JIT and pools are warm and both instances own
            // their partitions before the first measured one
            Campaigns.runToFinish(s, Campaigns.create(s, list, "bench rate warm-up", "smtp", null), n,
                    Duration.ofMinutes(30));
            List<Double> rates = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            List<Double> windows = new ArrayList<>();
            List<Double> lost = new ArrayList<>();
            long deadLettered = 0;
            for (int run = 1; run <= ctx.runs(); run++) {
                long campaign = Campaigns.create(s, list, "bench rate " + run, "smtp", RATE);
                try (SentTimeline timeline = new SentTimeline(s.suite().stack().kafkaBootstrap())) {
                    long dlqBefore = s.kafka().endOffsets(Topics.SENDS_DLQ);
                    Campaigns.start(s, campaign, n);
                    List<Long> times = timeline.await(campaign, n, Duration.ofSeconds(20),
                            Duration.ofSeconds(n / RATE * 3L + 120));
                    RateStats st = RateStats.of("run " + run, times);
                    lost.add((double) (n - times.size()));
                    long dlq = s.kafka().endOffsets(Topics.SENDS_DLQ) - dlqBefore;
                    deadLettered += dlq;
                    if (times.size() < n) {
                        System.out.printf("  run %d: %d of %d never SENT; %d send records dead-lettered%n", run,
                                n - times.size(), n, dlq);
                    }
                    result.series(st.perSecond());
                    rates.add(st.rate());
                    errors.add(Math.abs(st.rate() - RATE) / RATE * 100);
                    windows.add(st.maxWindowRate() / RATE);
                    System.out.printf("  run %d: %.1f msg/s, busiest 10 s window %.1f msg/s%n", run, st.rate(),
                            st.maxWindowRate());
                }
            }
            result.peaks(watch.stop());
            if (deadLettered > 0) {
                result.note(deadLettered + " send records were dead-lettered (mailroom.sends.dlq) during the runs: "
                        + "those recipients stay QUEUED and their campaigns never finish (dispatch logs under "
                        + ctx.stateDir() + ").");
            }
            result.figure(Figure.of("measured rate (first → last send)", "msg/s", Samples.of(rates),
                    Samples.of(List.of((double) RATE)), null));
            result.figure(Figure.of("rate error, abs(rate − R) / R", "%", Samples.of(errors), null,
                    Target.atMost(3)));
            result.figure(Figure.of("busiest 10 s window / R", "×", Samples.of(windows), null, Target.atMost(1.01)));
            result.figure(Figure.of("recipients never SENT (per campaign)", "", Samples.of(lost), null,
                    Target.atMost(0)));
            result.note("Send times are the SENT outcomes' occurredAt (set by dispatch when the SMTP server accepted "
                    + "the mail), read from mailroom.outcomes; both instances send into smtp-sink. The second dispatch "
                    + "JVM runs the first one's exact command line on another HTTP port. One unlimited warm-up "
                    + "campaign to the same list runs first and is not measured.");
        }
        return List.of(result);
    }
}
