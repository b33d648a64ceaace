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
import io.mailroom.bench.core.Sleep;
import io.mailroom.bench.core.Subscribers;
import io.mailroom.bench.core.Target;
import io.mailroom.events.Topics;
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
        try (BenchSuite s = BenchSuite.start(ctx.stateDir(), Map.of());
                SecondDispatch second = SecondDispatch.start(s.jarOf(Service.DISPATCH),
                        ctx.stateDir().resolve("dispatch-2.log"))) {
            long list = Subscribers.importList(s, ctx.dataDir(), "ratelimit", n);
            s.kafka().awaitCaughtUp("dispatch-subscribers", Topics.SUBSCRIBERS, Duration.ofMinutes(10));
            ProcessWatch watch = s.watch(new ProcessWatch.Watched("dispatch-service #2",
                    () -> Optional.of(second.handle()), second.baseUrl()));
            Sleep.millis(5000); // let the group's rebalance settle before the first campaign
            List<Double> rates = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            List<Double> windows = new ArrayList<>();
            for (int run = 1; run <= ctx.runs(); run++) {
                long campaign = Campaigns.create(s, list, "bench rate " + run, "smtp", RATE);
                try (SentTimeline timeline = new SentTimeline(s.suite().stack().kafkaBootstrap())) {
                    Campaigns.start(s, campaign, n);
                    RateStats st = RateStats.of("run " + run, timeline.await(campaign, n,
                            Duration.ofSeconds(n / RATE * 3L + 120)));
                    result.series(st.perSecond());
                    rates.add(st.rate());
                    errors.add(Math.abs(st.rate() - RATE) / RATE * 100);
                    windows.add(st.maxWindowRate() / RATE);
                    System.out.printf("  run %d: %.1f msg/s, busiest 10 s window %.1f msg/s%n", run, st.rate(),
                            st.maxWindowRate());
                }
            }
            result.peaks(watch.stop());
            result.figure(Figure.of("measured rate (first → last send)", "msg/s", Samples.of(rates),
                    Samples.of(List.of((double) RATE)), null));
            result.figure(Figure.of("|rate − R| / R", "%", Samples.of(errors), null, Target.atMost(3)));
            result.figure(Figure.of("busiest 10 s window / R", "×", Samples.of(windows), null, Target.atMost(1.01)));
            result.note("Send times are the SENT outcomes' occurredAt (set by dispatch when the SMTP server accepted "
                    + "the mail), read from mailroom.outcomes; the SMTP server is the stack's GreenMail. The second "
                    + "dispatch JVM runs the first one's exact command line on another HTTP port.");
        }
        return List.of(result);
    }
}
