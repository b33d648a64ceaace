package io.mailroom.campaign.fanout;

import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.campaign.campaign.Campaign;
import io.mailroom.campaign.campaign.CampaignRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One step of a campaign's fan-out, in one transaction that holds the campaign row: the next keyset page of the
 * audience becomes recipient rows (QUEUED, or SKIPPED with the reason), its send requests are published and
 * acknowledged by Kafka, and only then the cursor advances and everything commits. A crash at any point resumes
 * after the last committed page: no gap; a page published but not committed is published again, and the duplicate
 * is absorbed by the recipient primary key and the send's idempotency key (dispatch replays the first outcome).
 * While Kafka acknowledges a page, the next one is already read ({@link Lookahead}).
 */
@ApplicationScoped
public class FanoutBatch {
    private static final String CLAIM = """
            SELECT * FROM campaign WHERE status = 'running' AND NOT fanout_done
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""";
    private static final String INSERT_RECIPIENTS = """
            INSERT INTO campaign_recipient (campaign_id, subscriber_id, email, generation, state, reason, detail)
            SELECT $1, u.id, u.email, $2, u.state, u.reason, u.detail
            FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(id, email, state, reason, detail)
            ON CONFLICT (campaign_id, subscriber_id) DO NOTHING""";

    @Inject
    Pool pool;

    @Inject
    CampaignRepository campaigns;

    @Inject
    AudiencePages pages;

    @Inject
    SendPublisher publisher;

    @Inject
    Lookahead lookahead;

    /** Runs one page of some running campaign; returns false when no campaign had fan-out left. */
    public Uni<Boolean> runOnce() {
        return pool.withTransaction(tx -> tx.query(CLAIM).execute().flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(false);
            }
            Campaign c = Campaign.from(rows.iterator().next());
            return lookahead.take(c, () -> pages.read(tx, c, c.fanoutCursor()))
                    .flatMap(page -> page.isEmpty() ? complete(tx, c) : step(tx, c, page))
                    .replaceWith(true);
        }));
    }

    private Uni<Void> complete(SqlClient tx, Campaign c) {
        return tx.preparedQuery("UPDATE campaign SET fanout_done = TRUE WHERE id = $1").execute(Tuple.of(c.id()))
                .flatMap(x -> campaigns.finishIfComplete(tx, c.id())).replaceWithVoid();
    }

    private Uni<Void> step(SqlClient tx, Campaign c, AudiencePage page) {
        lookahead.start(c, page.last());
        Uni<Void> rows = tx.preparedQuery(INSERT_RECIPIENTS).execute(Tuple.from(Arrays.asList(c.id(),
                c.generation(), page.ids(), page.emails(), page.states(), page.reasons(), page.details())))
                .replaceWithVoid();
        // the insert and the publish overlap: the rows stay invisible until the commit, which waits for both; an
        // outcome of one of these sends waits too (OutcomeConsumer locks the campaign row first)
        return Uni.combine().all().unis(rows, publisher.publish(page.sends())).discardItems()
                .flatMap(x -> tx.preparedQuery("UPDATE campaign SET fanout_cursor = $2 WHERE id = $1")
                        .execute(Tuple.of(c.id(), page.last())))
                .replaceWithVoid();
    }
}
