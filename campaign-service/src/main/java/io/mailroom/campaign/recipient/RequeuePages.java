package io.mailroom.campaign.recipient;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.campaign.campaign.Campaign;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The resume's re-publication of the QUEUED recipients, one keyset page per transaction: the page's send requests
 * go to the outbox and the campaign's {@code requeue_cursor} advances in that same transaction, so a crash
 * mid-resume continues after the last committed page (the service's worker picks it up on restart) and each
 * recipient is re-published once per resume.
 */
@ApplicationScoped
public class RequeuePages {
    private static final String CLAIM = """
            SELECT * FROM campaign WHERE status = 'running' AND requeue_cursor IS NOT NULL
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""";
    private static final String PAGE = """
            SELECT r.subscriber_id, r.email, r.generation, s.name, s.attributes::text AS attributes
            FROM campaign_recipient r LEFT JOIN audience_subscriber s ON s.id = r.subscriber_id
            WHERE r.campaign_id = $1 AND r.state = 'QUEUED' AND r.subscriber_id > $2
            ORDER BY r.subscriber_id LIMIT $3""";

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @Inject
    Requeue requeue;

    @ConfigProperty(name = "mailroom.requeue.batch-size", defaultValue = "2000")
    int batchSize;

    /** Re-publishes one page of some running campaign's pending resume; returns false when there was none. */
    public Uni<Boolean> runOnce() {
        return pool.withTransaction(tx -> tx.query(CLAIM).execute().flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(false);
            }
            Row row = rows.iterator().next();
            Campaign c = Campaign.from(row);
            return tx.preparedQuery(PAGE).execute(Tuple.of(c.id(), row.getLong("requeue_cursor"), batchSize))
                    .flatMap(page -> publish(tx, c, page)).replaceWith(true);
        }));
    }

    private Uni<Void> publish(SqlClient tx, Campaign c, RowSet<Row> page) {
        List<OutboxMessage> messages = new ArrayList<>(page.size());
        Long last = null;
        for (Row r : page) {
            messages.add(requeue.message(c, r));
            last = r.getLong("subscriber_id");
        }
        // a short page is the last one: NULL ends the re-publication
        Long cursor = page.size() < batchSize ? null : last;
        return outbox.append(tx, messages)
                .flatMap(x -> tx.preparedQuery("UPDATE campaign SET requeue_cursor = $2 WHERE id = $1")
                        .execute(Tuple.of(c.id(), cursor)))
                .replaceWithVoid();
    }
}
