package io.mailroom.campaign.feedback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.mailroom.events.FeedbackEvent;
import io.mailroom.events.Topics;
import io.mailroom.platform.kafka.Consumers;
import io.mailroom.platform.kafka.DecodedBatch;
import io.mailroom.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records provider feedback that belongs to a campaign (once per feedback id) and lets {@link AutoPause} stop a
 * campaign whose bounce or complaint rate is too high. Feedback without a campaign is not ours to count.
 */
@ApplicationScoped
public class FeedbackConsumer {
    private static final String RECORD = """
            INSERT INTO campaign_feedback (feedback_id, campaign_id, subscriber_id, kind, occurred_at)
            VALUES ($1, $2, $3, $4, coalesce($5, now())) ON CONFLICT (feedback_id) DO NOTHING""";

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @Inject
    AutoPause autoPause;

    @Incoming("feedback")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        DecodedBatch<FeedbackEvent> batch = DecodedBatch.of(records, Topics.FEEDBACK, FeedbackEvent.class);
        List<FeedbackEvent> ours = batch.events().stream().filter(e -> e.campaignId() != null).toList();
        return Consumers.retryTransient(pool.withTransaction(tx -> record(tx, ours)
                .flatMap(x -> outbox.append(tx, batch.deadLetters()))));
    }

    private Uni<Void> record(SqlClient tx, List<FeedbackEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        // only a bounce or a complaint can raise a campaign's rates; checking on every delivery, open or click would
        // count the campaign's feedback and sends once per batch — quadratic over a large campaign (a campaign that
        // reaches min-sends later, with no new bounce, is judged by AutoPauseSweep)
        TreeSet<Long> campaigns = new TreeSet<>();
        for (FeedbackEvent e : events) {
            if (e.kind() == FeedbackEvent.Kind.HARD_BOUNCE || e.kind() == FeedbackEvent.Kind.COMPLAINT) {
                campaigns.add(e.campaignId());
            }
            rows.add(Tuple.from(Arrays.asList(e.feedbackId(), e.campaignId(), e.subscriberId(), e.kind().name(),
                    e.occurredAt() == null ? null : e.occurredAt().atOffset(java.time.ZoneOffset.UTC))));
        }
        Uni<Void> chain = tx.preparedQuery(RECORD).executeBatch(rows).replaceWithVoid();
        for (Long id : campaigns) {
            chain = chain.flatMap(x -> autoPause.check(tx, id));
        }
        return chain;
    }
}
