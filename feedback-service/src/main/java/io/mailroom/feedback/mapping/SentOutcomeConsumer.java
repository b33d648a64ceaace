package io.mailroom.feedback.mapping;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.mailroom.events.SendOutcome;
import io.mailroom.events.Topics;
import io.mailroom.platform.kafka.Consumers;
import io.mailroom.platform.kafka.DecodedBatch;
import io.mailroom.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Consumes {@code mailroom.outcomes} (group {@code feedback}) a polled batch at a time and remembers which campaign and
 * subscriber each SENT provider message id belongs to: SES message ids for SES notifications, dispatch's Message-IDs
 * for the DSNs of the SMTP path. One idempotent insert per batch; poison records go to {@code mailroom.outcomes.dlq}
 * through the outbox in the same transaction.
 */
@ApplicationScoped
public class SentOutcomeConsumer {
    private final Pool pool;
    private final SentMessages sentMessages;
    private final Outbox outbox;

    SentOutcomeConsumer(Pool pool, SentMessages sentMessages, Outbox outbox) {
        this.pool = pool;
        this.sentMessages = sentMessages;
        this.outbox = outbox;
    }

    @Incoming("outcomes")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        DecodedBatch<SendOutcome> batch = DecodedBatch.of(records, Topics.OUTCOMES, SendOutcome.class);
        List<SentMessages.Sent> sent = batch.events().stream()
                .filter(o -> o.result() == SendOutcome.Result.SENT && o.providerMessageId() != null)
                .map(o -> new SentMessages.Sent(new SentMessage(o.providerMessageId(), o.campaignId(), o.subscriberId(),
                        o.email()), o.occurredAt()))
                .toList();
        if (sent.isEmpty() && batch.deadLetters().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Consumers.retryTransient(pool.withTransaction(tx -> sentMessages.record(tx, sent)
                .flatMap(x -> outbox.append(tx, batch.deadLetters()))));
    }
}
