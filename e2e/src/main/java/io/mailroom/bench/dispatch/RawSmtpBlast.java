package io.mailroom.bench.dispatch;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.mailroom.bench.core.Latency;
import io.mailroom.bench.core.RawBaseline;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

/** The baseline: Vert.x Mail (the client dispatch uses) sending N mails straight into the sink, 20 in flight. */
public final class RawSmtpBlast implements RawBaseline {
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final String host;
    private final int port;
    private final int concurrency;
    private final Latency latency;

    public RawSmtpBlast(String host, int port, int concurrency, Latency latency) {
        this.host = host;
        this.port = port;
        this.concurrency = concurrency;
        this.latency = latency;
    }

    @Override
    public long done() {
        return done.get();
    }

    public long failed() {
        return failed.get();
    }

    /**
     * Sends {@code n} mails with {@code concurrency} in flight on a pool of that size; returns msg/s. A send that fails
     * (a connection the sink dropped, or one idle for 30 s — a baseline run once hung for 5 minutes on a mail whose
     * reply never came) is sent again, up to 3 times, inside the timed run: the baseline is the client's throughput,
     * and a run that needed retries still sent every mail.
     */
    @Override
    public double send(int n) throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        MailConfig cfg = new MailConfig().setHostname(host).setPort(port).setStarttls(StartTLSOptions.DISABLED)
                .setMaxPoolSize(concurrency).setPipelining(true).setKeepAlive(true).setMaxMailsPerConnection(500)
                .setOwnHostname("bench");
        cfg.setIdleTimeout(30);
        cfg.setIdleTimeoutUnit(TimeUnit.SECONDS);
        MailClient client = MailClient.create(vertx, cfg);
        Semaphore inFlight = new Semaphore(concurrency);
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                MailMessage m = new MailMessage().setFrom("news@mailroom.test").setTo("raw" + i + "@example.com")
                        .setSubject("News for Subscriber " + i)
                        .setHtml("<p>Hello Subscriber " + i + " in Lyon!</p>")
                        .addHeader("List-Unsubscribe", "<http://127.0.0.1/u/raw" + i + ">")
                        .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
                send(client, m, 1, System.nanoTime(), inFlight);
            }
            if (!inFlight.tryAcquire(concurrency, 5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("raw blast: mails still in flight after 5 minutes");
            }
            if (failed.get() > 0) {
                throw new IllegalStateException("raw blast: " + failed.get() + " of " + n + " sends failed 3 times");
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private void send(MailClient client, MailMessage m, int attempt, long start, Semaphore inFlight) {
        client.sendMail(m).onComplete(r -> {
            if (r.failed() && attempt < 3) {
                send(client, m, attempt + 1, start, inFlight);
                return;
            }
            latency.recordNanos(System.nanoTime() - start);
            if (r.failed()) {
                failed.incrementAndGet();
            }
            done.incrementAndGet();
            inFlight.release();
        });
    }
}
