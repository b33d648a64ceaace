package io.mailroom.campaign.recipient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.platform.paging.Paging;
import io.mailroom.events.SendOutcome;
import io.mailroom.platform.sql.PlannerHints;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Per-recipient rows: outcomes written once per generation, and their counts (kept by the database with each change). */
@ApplicationScoped
public class RecipientRepository {
    // A recipient leaves QUEUED once per generation. The only overwrite allowed is a SENT arriving for someone the
    // operator cancelled while the mail was already in flight: the mail went out, so the record must say so. One
    // statement for the whole batch (arrays in, unnest joins them to their rows).
    private static final String RECORD = """
            UPDATE campaign_recipient r
            SET state = u.state, reason = u.reason, detail = u.detail, attempts = u.attempts,
                provider_message_id = u.provider_message_id, ambiguous = u.ambiguous, updated_at = now()
            FROM unnest($1::int8[], $2::int8[], $3::int4[], $4::text[], $5::text[], $6::text[], $7::int4[], $8::text[],
                        $9::bool[])
                 AS u(campaign_id, subscriber_id, generation, state, reason, detail, attempts, provider_message_id,
                      ambiguous)
            WHERE r.campaign_id = u.campaign_id AND r.subscriber_id = u.subscriber_id AND r.generation = u.generation
              AND (r.state = 'QUEUED' OR (r.state = 'SKIPPED' AND r.reason = 'cancelled' AND u.state = 'SENT'))""";
    private static final String COUNTS = """
            SELECT state, reason, n, ambiguous FROM campaign_recipient_count WHERE campaign_id = $1 AND n <> 0""";
    private static final String RECENT = """
            SELECT coalesce(sum(n), 0)::int8 AS recent, extract(epoch FROM now() - min(second))::float8 AS window
            FROM campaign_send_second WHERE campaign_id = $1 AND second > now() - interval '60 seconds'""";

    @Inject
    Pool pool;

    public Uni<Void> recordOutcomes(SqlClient tx, List<SendOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // one row per recipient and generation: an UPDATE ... FROM changes a row once, whichever duplicate it joins
        Map<String, SendOutcome> byRecipient = new LinkedHashMap<>();
        for (SendOutcome o : outcomes) {
            byRecipient.merge(o.campaignId() + ":" + o.subscriberId() + ":" + o.generation(), o,
                    (first, later) -> isCancelled(first) && later.result() == SendOutcome.Result.SENT ? later : first);
        }
        int n = byRecipient.size();
        Long[] campaigns = new Long[n];
        Long[] subscribers = new Long[n];
        Integer[] generations = new Integer[n];
        String[] states = new String[n];
        String[] reasons = new String[n];
        String[] details = new String[n];
        Integer[] attempts = new Integer[n];
        String[] providerIds = new String[n];
        Boolean[] ambiguous = new Boolean[n];
        int i = 0;
        for (SendOutcome o : byRecipient.values()) {
            campaigns[i] = o.campaignId();
            subscribers[i] = o.subscriberId();
            generations[i] = o.generation();
            states[i] = o.result().name();
            reasons[i] = o.reason();
            details[i] = o.detail();
            attempts[i] = o.attempts();
            providerIds[i] = o.providerMessageId();
            ambiguous[i++] = o.ambiguous();
        }
        return PlannerHints.indexScansOnly(tx).flatMap(x -> tx.preparedQuery(RECORD).execute(Tuple.from(
                new Object[] {campaigns, subscribers, generations, states, reasons, details, attempts, providerIds,
                        ambiguous}))).replaceWithVoid();
    }

    private static boolean isCancelled(SendOutcome o) {
        return o.result() == SendOutcome.Result.SKIPPED && "cancelled".equals(o.reason());
    }

    /**
     * Counts by state and reason, the ambiguous sends, and the sends (SENT or FAILED) of the last minute — read from
     * the counts the database keeps with every change of the rows (migration V21), not aggregated per call.
     */
    public Uni<Counts> counts(long campaignId) {
        return pool.preparedQuery(RECENT).execute(Tuple.of(campaignId)).flatMap(recent -> pool.preparedQuery(COUNTS)
                .execute(Tuple.of(campaignId)).map(rows -> counts(rows, recent.iterator().next())));
    }

    private static Counts counts(Iterable<Row> rows, Row recent) {
        long lastMinute = recent.getLong("recent");
        Double w = recent.getDouble("window");
        double window = w == null ? 0 : w;
        long total = 0;
        long queued = 0;
        long sent = 0;
        long skipped = 0;
        long failed = 0;
        long ambiguous = 0;
        Map<String, Long> skippedBy = new LinkedHashMap<>();
        Map<String, Long> failedBy = new LinkedHashMap<>();
        for (Row r : rows) {
            long n = r.getLong("n");
            total += n;
            ambiguous += r.getLong("ambiguous");
            String reason = r.getString("reason").isEmpty() ? "unknown" : r.getString("reason");
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
    }

    /** One page of recipients, optionally filtered by state and reason. */
    public Uni<List<RecipientView>> page(long campaignId, String state, String reason, int page, int size) {
        String sql = """
                SELECT * FROM campaign_recipient
                WHERE campaign_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR reason = $3)
                ORDER BY subscriber_id LIMIT $4 OFFSET $5""";
        return pool.preparedQuery(sql)
                .execute(Tuple.from(Arrays.asList(campaignId, state, reason, size, Paging.offset(page, size))))
                .map(rows -> {
                    List<RecipientView> list = new ArrayList<>();
                    rows.forEach(r -> list.add(RecipientView.from(r)));
                    return list;
                });
    }
}
