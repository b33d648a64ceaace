package io.mailroom.bench.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.mailroom.bench.core.Latency;
import io.mailroom.bench.core.RawBaseline;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.MailResult;
import io.vertx.ext.mail.StartTLSOptions;

/**
 * The baseline: Vert.x Mail (the client dispatch uses) sending N mails straight into the sink, 20 in flight, with the
 * same per-send deadline dispatch has — without one a baseline run once waited forever for a mail whose completion
 * never came.
 */
public final class RawSmtpBlast implements RawBaseline {
    /** dispatch's default is 60 s; a healthy send into smtp-sink takes about a millisecond. */
    private static final long SEND_DEADLINE_MS = 10_000;
    private static final int ATTEMPTS = 3;

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();
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

    /** Sends that passed their deadline (each was sent again on a fresh client). */
    public long stalled() {
        return stalled.get();
    }

    /**
     * Sends {@code n} mails with {@code concurrency} in flight on a pool of that size; returns msg/s. A send that fails,
     * or has no result after {@value #SEND_DEADLINE_MS} ms, is sent again (up to {@value #ATTEMPTS} attempts) inside
     * the timed run: the baseline is the client's throughput, and a run that needed resends still sent every mail. A
     * stalled send retires its client (its pool may be wedged) and the rest of the run uses a fresh one.
     */
    @Override
    public double send(int n) throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        List<MailClient> clients = new ArrayList<>();
        AtomicReference<MailClient> client = new AtomicReference<>(newClient(vertx, clients));
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
                new Attempt(vertx, clients, client, m, System.nanoTime(), inFlight).send(1);
            }
            long waitMs = SEND_DEADLINE_MS * ATTEMPTS + 60_000;
            if (!inFlight.tryAcquire(concurrency, waitMs, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("raw blast: mails still in flight " + waitMs + " ms after the last "
                        + "was handed over, although every send has a deadline");
            }
            if (failed.get() > 0) {
                throw new IllegalStateException("raw blast: " + failed.get() + " of " + n + " sends failed "
                        + ATTEMPTS + " times");
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            synchronized (clients) {
                clients.forEach(MailClient::close);
            }
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private MailClient newClient(Vertx vertx, List<MailClient> clients) {
        MailConfig cfg = new MailConfig().setHostname(host).setPort(port).setStarttls(StartTLSOptions.DISABLED)
                .setMaxPoolSize(concurrency).setPipelining(true).setKeepAlive(true).setMaxMailsPerConnection(500)
                .setOwnHostname("bench");
        MailClient c = MailClient.create(vertx, cfg);
        synchronized (clients) {
            clients.add(c);
        }
        return c;
    }

    /** One mail through its attempts; whichever of the result and the deadline comes first settles an attempt. */
    private final class Attempt {
        private final Vertx vertx;
        private final List<MailClient> clients;
        private final AtomicReference<MailClient> client;
        private final MailMessage mail;
        private final long start;
        private final Semaphore inFlight;

        Attempt(Vertx vertx, List<MailClient> clients, AtomicReference<MailClient> client, MailMessage mail,
                long start, Semaphore inFlight) {
            this.vertx = vertx;
            this.clients = clients;
            this.client = client;
            this.mail = mail;
            this.start = start;
            this.inFlight = inFlight;
        }

        void send(int attempt) {
            AtomicBoolean settled = new AtomicBoolean();
            MailClient via = client.get();
            long timer = vertx.setTimer(SEND_DEADLINE_MS, id -> {
                if (settled.compareAndSet(false, true)) {
                    stalled.incrementAndGet();
                    synchronized (client) {
                        if (client.get() == via) {
                            client.set(newClient(vertx, clients));
                        }
                    }
                    next(attempt, false);
                }
            });
            via.sendMail(mail).onComplete((AsyncResult<MailResult> r) -> {
                if (settled.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    next(attempt, r.succeeded());
                }
            });
        }

        private void next(int attempt, boolean sent) {
            if (!sent && attempt < ATTEMPTS) {
                send(attempt + 1);
                return;
            }
            latency.recordNanos(System.nanoTime() - start);
            if (!sent) {
                failed.incrementAndGet();
            }
            done.incrementAndGet();
            inFlight.release();
        }
    }
}
