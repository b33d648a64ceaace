package io.mailroom.platform.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.mailroom.platform.kafka.BatchProducer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once the broker acknowledged every row of the batch.
 * A crash between the acknowledgement and the delete republishes the batch: consumers are idempotent.
 * Several replicas may run one each: one batch at a time per database is in flight (see {@link OutboxPublisher#LOCK}),
 * so each key's records reach Kafka in the order they were written.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration SHUTDOWN_FLUSH = Duration.ofSeconds(5);

    @Inject
    Pool pool;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> broker;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "mailroom.outbox.batch-size", defaultValue = "1000")
    int batchSize;

    @ConfigProperty(name = "mailroom.outbox.poll-interval", defaultValue = "100ms")
    Duration pollInterval;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mailroom")
    String application;

    private final AtomicBoolean stopped = new AtomicBoolean();
    private Counter relayed;
    private BatchProducer producer;
    private OutboxPublisher publisher;

    void start(@Observes StartupEvent ev) {
        relayed = Counter.builder("mailroom.outbox.relayed").description("outbox rows published to Kafka")
                .register(registry);
        producer = new BatchProducer(broker, application + "-outbox");
        publisher = new OutboxPublisher(pool, producer, batchSize);
        tick();
    }

    // Publishes what is left before the producer closes (a draining consumer's last outcomes, observed before this),
    // so they do not wait for another replica or a restart; rows it cannot publish in time stay for the next relay.
    void stop(@Observes ShutdownEvent ev) {
        stopped.set(true);
        try {
            Multi.createBy().repeating().uni(this::relayOnce).whilst(n -> n > 0).collect().last()
                    .await().atMost(SHUTDOWN_FLUSH);
        } catch (RuntimeException e) {
            LOG.warnf("outbox not flushed at shutdown, the rows stay for the next relay: %s", e.toString());
        }
        producer.close();
    }

    // A self-rescheduling loop rather than @Scheduled: it drains back-to-back while rows are waiting and only sleeps
    // when the outbox is empty (or failing), which a fixed-interval trigger cannot do.
    private void tick() {
        if (stopped.get()) {
            return;
        }
        relayOnce().subscribe().with(
                n -> {
                    if (n > 0) {
                        tick();
                    } else {
                        vertx.setTimer(pollInterval.toMillis(), id -> tick());
                    }
                },
                e -> {
                    LOG.warnf("outbox relay failed, retrying in 1 s: %s", e.toString());
                    vertx.setTimer(1000, id -> tick());
                });
    }

    /** Relays one batch; returns how many rows were published. */
    public Uni<Integer> relayOnce() {
        return publisher.relayOnce().invoke(n -> relayed.increment(n));
    }
}
