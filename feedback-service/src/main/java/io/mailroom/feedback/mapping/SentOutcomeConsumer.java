package io.mailroom.feedback.mapping;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.mailroom.events.CampaignState;
import io.mailroom.events.EventCodec;
import io.mailroom.events.SendOutcome;
import io.mailroom.platform.kafka.Consumers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Consumes {@code mailroom.outcomes} (group {@code feedback}) and remembers which campaign and subscriber each SENT
 * SES message id belongs to. Idempotent (insert-if-absent); poison records go to {@code mailroom.outcomes.dlq}.
 */
@ApplicationScoped
public class SentOutcomeConsumer {
    private final Pool pool;
    private final SentMessages sentMessages;

    SentOutcomeConsumer(Pool pool, SentMessages sentMessages) {
        this.pool = pool;
        this.sentMessages = sentMessages;
    }

    @Incoming("outcomes")
    public Uni<Void> consume(String payload) {
        SendOutcome outcome;
        try {
            outcome = EventCodec.decode(payload, SendOutcome.class);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        // Only SES notifications are looked up by provider message id, and they carry SES's own ids: an SMTP
        // outcome's id (the Message-ID dispatch set) can never be asked for, so it is not stored.
        if (outcome.result() != SendOutcome.Result.SENT || outcome.providerMessageId() == null
                || !CampaignState.SES.equals(outcome.channel())) {
            return Uni.createFrom().voidItem();
        }
        SentMessage sent = new SentMessage(outcome.providerMessageId(), outcome.campaignId(), outcome.subscriberId(),
                outcome.email());
        return Consumers.retryTransient(Uni.createFrom().deferred(
                () -> sentMessages.record(pool, sent, outcome.occurredAt())));
    }
}
