package io.mailroom.campaign.fanout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.campaign.audience.AudienceRules;
import io.mailroom.campaign.campaign.Campaign;
import io.mailroom.campaign.campaign.CampaignRepository;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One step of a campaign's fan-out, in one transaction: the next keyset batch of the audience becomes recipient
 * rows (QUEUED, or SKIPPED with the reason), the send requests go to the outbox, and the cursor advances. All of it
 * commits together, so a crash at any point resumes exactly after the last committed batch: no gap, and a replayed
 * batch is absorbed by the recipient primary key and the send's idempotency key.
 */
@ApplicationScoped
public class FanoutBatch {
    private static final String CLAIM = """
            SELECT * FROM campaign WHERE status = 'running' AND NOT fanout_done
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""";
    private static final String MEMBERS = "SELECT s.id, max(s.email) AS email, max(s.name) AS name, "
            + "(array_agg(s.attributes))[1]::text AS attributes, " + AudienceRules.SKIP_REASON + " AS skip_reason, "
            + "max(s.status_reason) AS status_reason "
            + AudienceRules.MEMBERS
            // both bounds: with only the subscription's, the join scanned audience_subscriber from the first id on
            // every batch, which made the fan-out quadratic in the audience (found by the fan-out benchmark)
            + " AND sub.subscriber_id > $2 AND s.id > $2 GROUP BY s.id ORDER BY s.id LIMIT $3";
    private static final String INSERT_RECIPIENTS = """
            INSERT INTO campaign_recipient (campaign_id, subscriber_id, email, generation, state, reason, detail)
            SELECT $1, u.id, u.email, $2, u.state, u.reason, u.detail
            FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(id, email, state, reason, detail)
            ON CONFLICT (campaign_id, subscriber_id) DO NOTHING""";

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @Inject
    CampaignRepository campaigns;

    @Inject
    SendRequests sends;

    @ConfigProperty(name = "mailroom.fanout.batch-size", defaultValue = "2000")
    int batchSize;

    /** Runs one batch of some running campaign; returns the number of audience rows handled (0 = nothing to do). */
    public Uni<Integer> runOnce() {
        return pool.withTransaction(tx -> tx.query(CLAIM).execute().flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(0);
            }
            return step(tx, Campaign.from(rows.iterator().next()));
        }));
    }

    private Uni<Integer> step(SqlClient tx, Campaign c) {
        return tx.preparedQuery(MEMBERS).execute(Tuple.of(c.listIdArray(), c.fanoutCursor(), batchSize))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return tx.preparedQuery("UPDATE campaign SET fanout_done = TRUE WHERE id = $1")
                                .execute(Tuple.of(c.id()))
                                .flatMap(x -> campaigns.finishIfComplete(tx, c.id()))
                                .replaceWith(1);
                    }
                    int n = rows.size();
                    Long[] ids = new Long[n];
                    String[] emails = new String[n];
                    String[] states = new String[n];
                    String[] reasons = new String[n];
                    String[] details = new String[n];
                    List<OutboxMessage> queued = new ArrayList<>(n);
                    int i = 0;
                    long last = c.fanoutCursor();
                    for (Row r : rows) {
                        ids[i] = r.getLong("id");
                        emails[i] = r.getString("email");
                        reasons[i] = r.getString("skip_reason");
                        states[i] = reasons[i] == null ? "QUEUED" : "SKIPPED";
                        details[i] = reasons[i] == null ? null : r.getString("status_reason");
                        if (reasons[i] == null) {
                            queued.add(sends.message(c.id(), c.listIds(), ids[i], emails[i], c.generation(),
                                    r.getString("name"), new JsonObject(r.getString("attributes")).getMap()));
                        }
                        last = ids[i];
                        i++;
                    }
                    long cursor = last;
                    return tx.preparedQuery(INSERT_RECIPIENTS)
                            .execute(Tuple.from(Arrays.asList(c.id(), c.generation(), ids, emails, states, reasons,
                                    details)))
                            .flatMap(x -> outbox.append(tx, queued))
                            .flatMap(x -> tx.preparedQuery("UPDATE campaign SET fanout_cursor = $2 WHERE id = $1")
                                    .execute(Tuple.of(c.id(), cursor)))
                            .replaceWith(n);
                });
    }
}
