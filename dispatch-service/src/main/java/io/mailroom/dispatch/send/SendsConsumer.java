package io.mailroom.dispatch.send;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.mailroom.events.EventCodec;
import io.mailroom.events.PoisonEventException;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendRequest;
import io.mailroom.events.Topics;
import io.mailroom.platform.kafka.Consumers;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDelayedRetryTopic;

/**
 * Consumes {@code mailroom.sends}. The channel's failure strategy is SmallRye's {@code delayed-retry-topic}: a nack
 * sends the record to the next {@code mailroom.sends.retry_<ms>} topic, so a transient failure never blocks the
 * partition. Poison records and exhausted sends are nacked straight to {@code mailroom.sends.dlq} with the reason.
 */
@ApplicationScoped
public class SendsConsumer {
    /** Header carrying why a record was dead-lettered (the name SmallRye's dead-letter-queue strategy uses). */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    private static final Logger LOG = Logger.getLogger(SendsConsumer.class);

    @Inject
    SendProcessor processor;

    @Inject
    OutcomeWriter outcomes;

    @ConfigProperty(name = "mp.messaging.incoming.sends.delayed-retry-topic.topics")
    List<String> retryTopics;

    private final InFlightLimit limit;

    /** Shutting down: records that arrive now are not started; they stay uncommitted for the partition's next owner. */
    private volatile boolean draining;

    /**
     * @param perConsumer sends one consumer copy keeps in flight: the next record of the partition starts while
     *        earlier ones wait for their SMTP reply (acks may come out of order; the throttled commit strategy only
     *        commits offsets below the oldest unsettled record)
     */
    @Inject
    public SendsConsumer(@ConfigProperty(name = "mailroom.dispatch.in-flight-per-consumer", defaultValue = "16")
            int perConsumer, @ConfigProperty(name = "mp.messaging.incoming.sends.concurrency", defaultValue = "1")
            int copies) {
        this.limit = new InFlightLimit(perConsumer * copies);
    }

    @Incoming("sends")
    public Uni<Void> consume(Message<String> message) {
        if (draining) {
            // never completes: the copy asks for no further record while the process leaves
            return Uni.createFrom().nothing();
        }
        SendRequest send;
        try {
            send = EventCodec.decode(message.getPayload(), SendRequest.class);
        } catch (PoisonEventException e) {
            return deadLetter(message, e.getMessage());
        }
        // the returned Uni completes once the send has a slot, so the copy moves on to its next record
        return limit.acquire().flatMap(x -> {
            if (draining) {
                limit.release();
                return Uni.createFrom().nothing();
            }
            settle(message, send).subscribe().with(y -> limit.release(), failure -> {
                LOG.errorf(failure, "send %s could not be settled", send.idempotencyKey());
                limit.release();
            });
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Stops taking sends and waits, at most {@code timeout}, until those in flight are settled: their provider calls
     * answered, their outcomes committed (send log and outbox) and their records acknowledged. A send not claimed yet
     * is left for the next owner of its partition, so none is left SENDING by a clean shutdown.
     *
     * @return whether everything in flight was settled in time
     */
    public boolean drain(Duration timeout) {
        draining = true;
        processor.stopClaiming();
        int inUse = limit.inUse();
        LOG.infof("shutting down: %d sends in flight, waiting up to %s for them to settle", inUse, timeout);
        try {
            limit.whenIdle().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            LOG.warnf("%d sends still in flight after %s: a claimed one stays SENDING (ambiguous after restart)",
                    limit.inUse(), timeout);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private Uni<Void> settle(Message<String> message, SendRequest send) {
        int retries = retries(message);
        boolean lastAttempt = retries >= retryTopics.size();
        return processor.process(send, lastAttempt)
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "send %s could not be processed", send.idempotencyKey());
                    // an unexpected failure gets the delayed retries too; when they are used up the recipient still
                    // gets an outcome (FAILED exhausted), so the campaign's accounting can complete
                    if (!lastAttempt) {
                        return Uni.createFrom().item(Verdict.retry("unexpected: " + e));
                    }
                    SendOutcome failed = SendOutcome.of(send, SendOutcome.Result.FAILED, "exhausted",
                            "unexpected: " + e, retries + 1, null, null, false, Instant.now());
                    return Consumers.retryTransient(outcomes.emit(failed))
                            .replaceWith(Verdict.deadLetter("unexpected: " + e));
                })
                .flatMap(verdict -> switch (verdict.kind()) {
                    case DONE -> Uni.createFrom().completionStage(message::ack);
                    case RETRY -> Uni.createFrom().completionStage(() -> message.nack(new RetryLater(verdict.reason())));
                    case DEAD_LETTER -> deadLetter(message, verdict.reason());
                    case LEAVE -> leave(message);
                });
    }

    // A record of mailroom.sends left unacknowledged is redelivered to the partition's next owner (the throttled
    // strategy commits only below it). The retry topics' consumer commits the latest acknowledged offset, so a record
    // of theirs left behind could be skipped: it goes back to the delayed retries instead (one attempt spent).
    private static Uni<Void> leave(Message<String> message) {
        boolean retried = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> !Topics.SENDS.equals(m.getTopic())).orElse(false);
        return retried
                ? Uni.createFrom().completionStage(() -> message.nack(new RetryLater(Verdict.LEAVE.reason())))
                : Uni.createFrom().voidItem();
    }

    private static int retries(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> KafkaDelayedRetryTopic.getRetryHeader(m.getHeaders())).orElse(0);
    }

    // The DLQ has one partition: name it, or the strategy would reuse the record's partition number.
    private static Uni<Void> deadLetter(Message<String> message, String reason) {
        LOG.warnf("dead-lettering a send record: %s", reason);
        OutgoingKafkaRecordMetadata<Object> target = OutgoingKafkaRecordMetadata.builder()
                .withTopic(Topics.SENDS_DLQ).withPartition(0)
                .withHeaders(List.of(new RecordHeader(DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8))))
                .build();
        return Uni.createFrom().completionStage(
                () -> message.nack(new PoisonEventException(reason), Metadata.of(target)));
    }

    /** A transient failure handed to the delayed-retry topics. */
    static final class RetryLater extends RuntimeException {
        RetryLater(String reason) {
            super(reason, null, false, false);
        }
    }
}
