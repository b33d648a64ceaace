package io.mailroom.bench.dispatch;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.mailroom.bench.core.Latency;
import io.mailroom.bench.core.RawBaseline;
import io.vertx.ext.mail.MailMessage;

/** The baseline: Vert.x Mail sending N mails straight into the sink, {@code concurrency} in flight, nothing kept. */
public final class RawSmtpBlast implements RawBaseline {
    private final AtomicLong done = new AtomicLong();
    private final String host;
    private final int port;
    private final int concurrency;
    private final Latency latency;
    private long stalled;

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
        return stalled;
    }

    /**
     * Sends {@code n} mails; returns msg/s. A send that fails or stalls is sent again inside the timed run (see
     * {@link SmtpBlaster}): the baseline is the client's throughput, and a run that needed resends still sent every
     * mail.
     */
    @Override
    public double send(int n) throws InterruptedException {
        try (SmtpBlaster blaster = new SmtpBlaster(host, port, concurrency)) {
            Semaphore inFlight = new Semaphore(concurrency);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                long start = System.nanoTime();
                blaster.send(BenchMail.of("raw" + i + "@example.com", i), messageId -> {
                    latency.recordNanos(System.nanoTime() - start);
                    done.incrementAndGet();
                    inFlight.release();
                });
            }
            long waitMs = SmtpBlaster.SEND_DEADLINE_MS * SmtpBlaster.ATTEMPTS + 60_000;
            if (!inFlight.tryAcquire(concurrency, waitMs, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("raw blast: mails still in flight " + waitMs + " ms after the last "
                        + "was handed over, although every send has a deadline");
            }
            stalled = blaster.stalled();
            if (blaster.failed() > 0) {
                throw new IllegalStateException("raw blast: " + blaster.failed() + " of " + n + " sends failed "
                        + SmtpBlaster.ATTEMPTS + " times");
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
