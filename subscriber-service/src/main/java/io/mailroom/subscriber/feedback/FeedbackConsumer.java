package io.mailroom.subscriber.feedback;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.mailroom.events.EventCodec;
import io.mailroom.events.FeedbackEvent;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.platform.kafka.Consumers;
import io.mailroom.subscriber.audit.AuditLog;
import io.mailroom.subscriber.common.Emails;
import io.mailroom.subscriber.state.SubscriberStates;
import io.mailroom.subscriber.subscriber.SubscriberWrites;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies bounce and complaint feedback from {@code mailroom.feedback} to subscribers by the {@link FeedbackRules}:
 * each feedback id counts once (feedback_applied), and each blocklisting is audited and published.
 * Other kinds (delivered, opened …) are not the subscriber-service's business and are acknowledged untouched.
 */
@ApplicationScoped
public class FeedbackConsumer {
    @Inject
    Pool pool;

    @Inject
    FeedbackRules rules;

    @Inject
    SubscriberWrites writes;

    @Inject
    SubscriberStates states;

    @Inject
    AuditLog audit;

    @Incoming("feedback")
    public Uni<Void> consume(String payload) {
        return Consumers.retryTransient(Uni.createFrom().deferred(() -> apply(EventCodec.decode(payload, FeedbackEvent.class))));
    }

    Uni<Void> apply(FeedbackEvent event) {
        Rule rule = rule(event.kind());
        if (rule == null || rule.threshold() <= 0) {
            return Uni.createFrom().voidItem();
        }
        String email = Emails.normalize(event.email());
        Instant at = event.occurredAt() == null ? Instant.now() : event.occurredAt();
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        INSERT INTO feedback_applied (feedback_id, email, kind, occurred_at) VALUES ($1, $2, $3, $4)
                        ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(event.feedbackId(), email, event.kind().name(), at.atOffset(ZoneOffset.UTC)))
                .flatMap(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().voidItem()
                        // the most events of this kind within any window of the rule's length, so that feedback
                        // delivered out of order counts the same as in order
                        : tx.preparedQuery("""
                                        SELECT coalesce(max(n), 0) AS n FROM (
                                          SELECT count(*) OVER (ORDER BY occurred_at
                                                   RANGE BETWEEN make_interval(secs => $3) PRECEDING AND CURRENT ROW) AS n
                                          FROM feedback_applied WHERE email = $1 AND kind = $2) w""")
                                .execute(Tuple.of(email, event.kind().name(), (double) rule.window().toSeconds()))
                                .flatMap(rows -> {
                                    long count = rows.iterator().next().getLong("n");
                                    return count < rule.threshold() ? Uni.createFrom().voidItem()
                                            : writes.lockByEmail(tx, email).flatMap(row -> row == null
                                                    ? Uni.createFrom().voidItem()
                                                    : blocklist(tx, row, rule, event, count));
                                })));
    }

    private Uni<Void> blocklist(SqlClient tx, Row row, Rule rule, FeedbackEvent event, long count) {
        long id = row.getLong("id");
        boolean alreadyBlocklisted = "blocklisted".equals(row.getString("status"));
        if (alreadyBlocklisted && !rule.unsubscribe()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> status = alreadyBlocklisted ? writes.touch(tx, id)
                : writes.setStatus(tx, id, SubscriberStatus.BLOCKLISTED, rule.reason());
        Uni<Integer> unsubscribe = rule.unsubscribe() ? writes.unsubscribe(tx, id, List.of()) : Uni.createFrom().item(0);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("feedbackId", event.feedbackId());
        detail.put("reason", rule.reason());
        detail.put("count", count);
        if (event.campaignId() != null) {
            detail.put("campaignId", event.campaignId());
        }
        return status.flatMap(x -> unsubscribe)
                .flatMap(x -> states.publish(tx, List.of(id)))
                .flatMap(x -> audit.subscriber(tx, "feedback", "feedback." + rule.reason(), id, detail));
    }

    /** What a kind counts toward: threshold, window, resulting status reason, whether it also unsubscribes. */
    record Rule(int threshold, java.time.Duration window, String reason, boolean unsubscribe) {}

    private Rule rule(FeedbackEvent.Kind kind) {
        java.time.Duration ever = java.time.Duration.ofDays(365L * 100);
        return switch (kind) {
            case HARD_BOUNCE -> new Rule(rules.hardBounceCount(), ever, "hard-bounce", false);
            case SOFT_BOUNCE -> new Rule(rules.softBounceCount(), rules.softBounceWindow(), "soft-bounce", false);
            case COMPLAINT -> new Rule(rules.complaintCount(), ever, "complaint", rules.complaintUnsubscribes());
            default -> null;
        };
    }
}
