package io.mailroom.bench.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.MailResult;
import io.vertx.ext.mail.StartTLSOptions;

/**
 * The baselines' shared sender: Vert.x Mail (the client dispatch uses) on a pool of the given size into one SMTP
 * server, each mail through up to {@value #ATTEMPTS} attempts with the per-send deadline dispatch has — without one a
 * baseline run once waited forever for a mail whose completion never came. A stalled send retires its client (its
 * pool may be wedged) and later sends use a fresh one.
 */
final class SmtpBlaster implements AutoCloseable {
    /** dispatch's default is 60 s; a healthy send into smtp-sink takes about a millisecond. */
    static final long SEND_DEADLINE_MS = 10_000;
    static final int ATTEMPTS = 3;

    /** How one mail ended: its Message-ID when sent, null when every attempt failed. */
    interface Done {
        void settled(String messageId);
    }

    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();
    private final Vertx vertx = Vertx.vertx();
    private final List<MailClient> clients = new ArrayList<>();
    private final AtomicReference<MailClient> client;
    private final String host;
    private final int port;
    private final int poolSize;

    SmtpBlaster(String host, int port, int poolSize) {
        this.host = host;
        this.port = port;
        this.poolSize = poolSize;
        this.client = new AtomicReference<>(newClient());
    }

    /** Sends {@code mail}; {@code done} is called once, on a Vert.x thread. */
    void send(MailMessage mail, Done done) {
        attempt(mail, 1, done);
    }

    /** Mails whose every attempt failed. */
    long failed() {
        return failed.get();
    }

    /** Sends that passed their deadline (each was sent again on a fresh client). */
    long stalled() {
        return stalled.get();
    }

    private void attempt(MailMessage mail, int attempt, Done done) {
        AtomicBoolean settled = new AtomicBoolean();
        MailClient via = client.get();
        long timer = vertx.setTimer(SEND_DEADLINE_MS, id -> {
            if (settled.compareAndSet(false, true)) {
                stalled.incrementAndGet();
                synchronized (client) {
                    if (client.get() == via) {
                        client.set(newClient());
                    }
                }
                next(mail, attempt, null, done);
            }
        });
        via.sendMail(mail).onComplete((AsyncResult<MailResult> r) -> {
            if (settled.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                next(mail, attempt, r.succeeded() ? r.result() : null, done);
            }
        });
    }

    private void next(MailMessage mail, int attempt, MailResult sent, Done done) {
        if (sent == null && attempt < ATTEMPTS) {
            attempt(mail, attempt + 1, done);
            return;
        }
        if (sent == null) {
            failed.incrementAndGet();
        }
        done.settled(sent == null ? null : sent.getMessageID());
    }

    private MailClient newClient() {
        MailConfig cfg = new MailConfig().setHostname(host).setPort(port).setStarttls(StartTLSOptions.DISABLED)
                .setMaxPoolSize(poolSize).setPipelining(true).setKeepAlive(true).setMaxMailsPerConnection(500)
                .setOwnHostname("bench");
        MailClient c = MailClient.create(vertx, cfg);
        synchronized (clients) {
            clients.add(c);
        }
        return c;
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(MailClient::close);
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
