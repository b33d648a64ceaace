package io.mailroom.bench.ses;

import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.mailroom.bench.core.Latency;
import io.mailroom.bench.core.RawBaseline;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/** The SES baseline: plain SesV2 SendEmail calls (Simple content) into the same peer from 16 threads. */
public final class RawSesBlast implements RawBaseline {
    private static final int THREADS = 16;
    private final AtomicLong done = new AtomicLong();
    private final String endpoint;
    private final Latency latency;

    public RawSesBlast(String endpoint, Latency latency) {
        this.endpoint = endpoint;
        this.latency = latency;
    }

    @Override
    public long done() {
        return done.get();
    }

    /** Sends {@code n} mails; returns msg/s. */
    @Override
    public double send(int n) throws InterruptedException {
        try (SesV2Client ses = SesV2Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.builder().build()).build()) {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long t0 = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                pool.execute(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        int k = i;
                        SendEmailRequest req = SendEmailRequest.builder().fromEmailAddress("news@mailroom.test")
                                .destination(d -> d.toAddresses("rawses" + k + "@example.com"))
                                .content(c -> c.simple(m -> m.subject(x -> x.data("News for Subscriber " + k))
                                        .body(b -> b.html(h -> h.data("<p>Hello Subscriber " + k + " in Lyon!</p>")))))
                                .build();
                        long start = System.nanoTime();
                        ses.sendEmail(req);
                        latency.recordNanos(System.nanoTime() - start);
                        done.incrementAndGet();
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("raw SES blast not done after 30 minutes");
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
