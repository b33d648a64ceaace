package io.mailroom.bench.sns;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.mailroom.bench.core.BenchContext;
import io.mailroom.bench.core.BenchResult;
import io.mailroom.bench.core.BenchSuite;
import io.mailroom.bench.core.CpuMeter;
import io.mailroom.bench.core.Benchmark;
import io.mailroom.bench.core.Figure;
import io.mailroom.bench.core.Latency;
import io.mailroom.bench.core.ProcessWatch;
import io.mailroom.bench.core.Samples;
import io.mailroom.bench.core.Target;
import io.mailroom.bench.core.ThroughputRecorder;
import io.mailroom.feedback.testing.LoopbackSnsPeer;
import io.mailroom.feedback.testing.SnsSigner;
import io.mailroom.feedback.testing.TestSigningKey;
import io.mailroom.local.suite.Service;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * SNS ingestion: signed SES Delivery notifications POSTed to feedback-service's /webhooks/ses, 64 in flight (SNS does
 * not throttle HTTP/S deliveries unless the subscription's delivery policy says so), after an untimed warm-up.
 */
public final class SnsBench implements Benchmark {
    private static final int DEFAULT_SIZE = 20_000;
    private static final int CONCURRENCY = 64;
    private static final int WARM_UP = 3_000;
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:mailroom-bench";

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        int n = ctx.sizeOr(DEFAULT_SIZE);
        BenchResult result = new BenchResult("sns", "SNS ingestion into feedback-service",
                ctx.params(n, "signed notifications") + ", " + CONCURRENCY + " in flight")
                .yLabel("notifications per second");
        TestSigningKey key = TestSigningKey.generate();
        LoopbackSnsPeer peer = LoopbackSnsPeer.start(key.certificatePem());
        SnsSigner signer = new SnsSigner(key.privateKey(), peer.certUrl(), TOPIC, "2");
        try (BenchSuite s = BenchSuite.start(ctx, Map.of(Service.FEEDBACK, Map.of(
                "mailroom.sns.trusted-cert-url-prefix", "http://127.0.0.1:",
                "mailroom.sns.allowed-topic-arns", TOPIC)))) {
            String url = s.suite().baseUrl(Service.FEEDBACK) + "/webhooks/ses";
            ProcessWatch watch = s.watch();
            Latency latency = new Latency("POST /webhooks/ses (signed Delivery notification, " + CONCURRENCY
                    + " in flight, feedback-service alone)");
            // The target is per feedback-service instance: the services that consume mailroom.feedback (subscriber-
            // and campaign-service) would take their CPU from the same 2 cores, so they are stopped for the target
            // figure and started again for a second, whole-suite figure.
            List<Service> consumers = List.of(Service.SUBSCRIBER, Service.CAMPAIGN, Service.DISPATCH);
            consumers.parallelStream().forEach(c -> s.suite().service(c).stop());
            // the first seconds of a fresh JVM are interpreted code: without a warm-up run 1 measures the JIT
            post(url, sign(signer, 0, Math.min(WARM_UP, n)), new AtomicLong(), new Latency("warm-up"));
            List<Double> alone = new ArrayList<>();
            for (int run = 1; run <= ctx.runs(); run++) {
                alone.add(measure(s, url, sign(signer, run, n), "run " + run, result, latency));
            }
            consumers.parallelStream().forEach(c -> {
                s.suite().service(c).start();
                s.suite().service(c).awaitReady(Duration.ofMinutes(5));
            });
            List<Double> withSuite = new ArrayList<>();
            Latency suiteLatency = new Latency("POST /webhooks/ses (" + CONCURRENCY + " in flight, whole suite up)");
            for (int run = 1; run <= ctx.runs(); run++) {
                withSuite.add(measure(s, url, sign(signer, ctx.runs() + run, n), "whole suite, run " + run, result,
                        suiteLatency));
            }
            result.peaks(watch.stop());
            result.figure(Figure.of("signed notifications accepted (feedback-service alone)", "msg/s",
                    Samples.of(alone), null, Target.atLeast(2000)));
            result.figure(Figure.of("same, with subscriber/campaign/dispatch consuming beside it", "msg/s",
                    Samples.of(withSuite), null, null));
            result.latency(latency);
            result.latency(suiteLatency);
            result.note("Each notification: a distinct MessageId, SignatureVersion 2 (SHA256withRSA), certificate "
                    + "from a loopback server (cached by the service after the first fetch); every answer must be "
                    + "200. Signing happens before the clock starts; " + WARM_UP + " notifications warm the JVM up "
                    + "before run 1. The first figure runs feedback-service, Kafka and PostgreSQL only (per-instance "
                    + "capacity); the second with the other three services up, consuming mailroom.feedback.");
        }
        return List.of(result);
    }

    private static double measure(BenchSuite s, String url, List<String> bodies, String label, BenchResult result,
            Latency latency) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        CpuMeter cpu = s.cpuMeter();
        ThroughputRecorder curve = ThroughputRecorder.start(label, done::get, 1000);
        double rate = post(url, bodies, done, latency);
        result.series(curve.stop());
        String cpuPerItem = CpuMeter.perItem(cpu.stop(), bodies.size(), "notification");
        System.out.printf("  %s: %.0f notifications/s; %s%n", label, rate, cpuPerItem);
        result.note(label + ": " + cpuPerItem + ".");
        return rate;
    }

    private static List<String> sign(SnsSigner signer, int run, int n) {
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String email = "sns" + i + "@example.com";
            String ses = """
                    {"notificationType":"Delivery","mail":{"timestamp":"2026-01-27T14:59:38.237Z",\
                    "messageId":"bench-%d-%d","source":"news@mailroom.test","destination":["%s"],\
                    "tags":{"campaign":["1"],"subscriber":["%d"]}},"delivery":{"timestamp":"2026-01-27T14:59:39.000Z",\
                    "recipients":["%s"],"processingTimeMillis":546,"smtpResponse":"250 ok"}}"""
                    .formatted(run, i, email, i + 1, email);
            bodies.add(signer.notification("bench-" + run + "-" + i, ses));
        }
        return bodies;
    }

    // Vert.x's HTTP client, not the JDK's: on 2 shared cores the JDK client cost ~0.45 ms of CPU per request, as much
    // as the service under test, and that CPU was taken from the service.
    private static double post(String url, List<String> bodies, AtomicLong done, Latency latency)
            throws InterruptedException {
        URI target = URI.create(url);
        Vertx vertx = Vertx.vertx();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(target.getHost())
                .setDefaultPort(target.getPort()).setKeepAlive(true).setMaxPoolSize(CONCURRENCY)
                .setConnectTimeout(5000));
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        AtomicLong failed = new AtomicLong();
        try {
            long t0 = System.nanoTime();
            for (String body : bodies) {
                inFlight.acquire();
                long start = System.nanoTime();
                Buffer payload = Buffer.buffer(body);
                http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(target.getPath())
                                .setTimeout(60_000)
                                .putHeader("Content-Type", "text/plain; charset=UTF-8")
                                .putHeader("x-amz-sns-message-type", "Notification"))
                        .compose(req -> req.send(payload))
                        .compose(resp -> resp.body().map(b -> resp.statusCode()))
                        .onComplete(ar -> {
                            latency.recordNanos(System.nanoTime() - start);
                            if (ar.failed() || ar.result() != 200) {
                                failed.incrementAndGet();
                            }
                            done.incrementAndGet();
                            inFlight.release();
                        });
            }
            if (!inFlight.tryAcquire(CONCURRENCY, 5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("notifications still in flight after 5 minutes");
            }
            double rate = bodies.size() / ((System.nanoTime() - t0) / 1e9);
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of " + bodies.size() + " notifications were not "
                        + "answered 200");
            }
            return rate;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
