package io.mailroom.campaign.recipient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.events.SendOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Per-recipient rows: outcomes written once per generation, and the counts derived from them (never stored). */
@ApplicationScoped
public class RecipientRepository {
    // A recipient leaves QUEUED once per generation. The only overwrite allowed is a SENT arriving for someone the
    // operator cancelled while the mail was already in flight: the mail went out, so the record must say so.
    private static final String RECORD = """
            UPDATE campaign_recipient
            SET state = $4, reason = $5, detail = $6, attempts = $7, provider_message_id = $8, ambiguous = $9,
                updated_at = now()
            WHERE campaign_id = $1 AND subscriber_id = $2 AND generation = $3
              AND (state = 'QUEUED' OR (state = 'SKIPPED' AND reason = 'cancelled' AND $4 = 'SENT'))""";

    @Inject
    Pool pool;

    public Uni<Void> recordOutcomes(SqlClient tx, List<SendOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(outcomes.size());
        for (SendOutcome o : outcomes) {
            rows.add(Tuple.from(Arrays.asList(o.campaignId(), o.subscriberId(), o.generation(), o.result().name(),
                    o.reason(), o.detail(), o.attempts(), o.providerMessageId(), o.ambiguous())));
        }
        return tx.preparedQuery(RECORD).executeBatch(rows).replaceWithVoid();
    }

    /** Counts by state and reason, the ambiguous sends, and the sends (SENT or FAILED) of the last minute. */
    public Uni<Counts> counts(long campaignId) {
        String sql = """
                SELECT state, reason, count(*) AS n, count(*) FILTER (WHERE ambiguous) AS ambiguous,
                       count(*) FILTER (WHERE state IN ('SENT', 'FAILED') AND updated_at > now() - interval '60 seconds') AS recent,
                       extract(epoch FROM now() - min(updated_at) FILTER (WHERE state IN ('SENT', 'FAILED')
                           AND updated_at > now() - interval '60 seconds'))::float8 AS window
                FROM campaign_recipient WHERE campaign_id = $1 GROUP BY state, reason""";
        return pool.preparedQuery(sql).execute(Tuple.of(campaignId)).map(rows -> {
            long total = 0;
            long queued = 0;
            long sent = 0;
            long skipped = 0;
            long failed = 0;
            long ambiguous = 0;
            long lastMinute = 0;
            double window = 0;
            Map<String, Long> skippedBy = new LinkedHashMap<>();
            Map<String, Long> failedBy = new LinkedHashMap<>();
            for (Row r : rows) {
                long n = r.getLong("n");
                total += n;
                ambiguous += r.getLong("ambiguous");
                lastMinute += r.getLong("recent");
                Double w = r.getDouble("window");
                window = Math.max(window, w == null ? 0 : w);
                String reason = r.getString("reason") == null ? "unknown" : r.getString("reason");
                switch (r.getString("state")) {
                    case "QUEUED" -> queued += n;
                    case "SENT" -> sent += n;
                    case "SKIPPED" -> {
                        skipped += n;
                        skippedBy.merge(reason, n, Long::sum);
                    }
                    case "FAILED" -> {
                        failed += n;
                        failedBy.merge(reason, n, Long::sum);
                    }
                    default -> throw new IllegalStateException("unknown recipient state " + r.getString("state"));
                }
            }
            // a campaign that started 10 s ago has a 10 s window, not a 60 s one
            double rate = lastMinute == 0 ? 0 : lastMinute / Math.max(1.0, Math.min(60.0, window));
            return new Counts(total, queued, sent, skipped, failed, skippedBy, failedBy, ambiguous, rate);
        });
    }

    /** One page of recipients, optionally filtered by state and reason. */
    public Uni<List<RecipientView>> page(long campaignId, String state, String reason, int page, int size) {
        String sql = """
                SELECT * FROM campaign_recipient
                WHERE campaign_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR reason = $3)
                ORDER BY subscriber_id LIMIT $4 OFFSET $5""";
        return pool.preparedQuery(sql)
                .execute(Tuple.from(Arrays.asList(campaignId, state, reason, size, (long) page * size)))
                .map(rows -> {
                    List<RecipientView> list = new ArrayList<>();
                    rows.forEach(r -> list.add(RecipientView.from(r)));
                    return list;
                });
    }
}
