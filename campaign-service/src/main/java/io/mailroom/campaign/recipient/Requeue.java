package io.mailroom.campaign.recipient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.campaign.audience.AudienceRules;
import io.mailroom.campaign.campaign.Campaign;
import io.mailroom.campaign.fanout.SendRequests;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.mailroom.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes send requests again for recipients that must still be sent: the QUEUED ones on resume (same
 * generation — dispatch's idempotency log absorbs any that were in fact already sent), and on resend the chosen
 * SKIPPED/FAILED ones, re-evaluated against the current audience as a new generation. SENT is never touched.
 */
@ApplicationScoped
public class Requeue {
    private static final String DEFERRED = """
            SELECT r.subscriber_id, r.email, r.generation, s.name, s.attributes::text AS attributes
            FROM campaign_recipient r LEFT JOIN audience_subscriber s ON s.id = r.subscriber_id
            WHERE r.campaign_id = $1 AND r.state = 'QUEUED' AND r.subscriber_id = ANY($2)""";
    private static final String RESEND = "WITH chosen AS ("
            + " SELECT subscriber_id FROM campaign_recipient WHERE campaign_id = $2 AND state = ANY($3)"
            + "   AND ($4::text[] IS NULL OR reason = ANY($4))),"
            + " evaluated AS (SELECT s.id, " + AudienceRules.SKIP_REASON + " AS skip_reason,"
            + "   max(s.status_reason) AS cause, max(s.name) AS name, (array_agg(s.attributes))[1]::text AS attributes"
            + " " + AudienceRules.MEMBERS + " AND s.id IN (SELECT subscriber_id FROM chosen) GROUP BY s.id)"
            + " UPDATE campaign_recipient r SET generation = $5,"
            + "   state = CASE WHEN e.skip_reason IS NULL THEN 'QUEUED' ELSE 'SKIPPED' END,"
            + "   reason = e.skip_reason, detail = CASE WHEN e.skip_reason IS NULL THEN NULL ELSE e.cause END,"
            + "   attempts = 0, provider_message_id = NULL, ambiguous = FALSE, updated_at = now()"
            + " FROM evaluated e WHERE r.campaign_id = $2 AND r.subscriber_id = e.id AND r.state = ANY($3)"
            + " RETURNING r.state";

    /** What a resend did. */
    public record ResendResult(int generation, long requeued, long skipped) {}

    @Inject
    Outbox outbox;

    @Inject
    SendRequests sends;

    /**
     * On resume: schedules the re-publication of every QUEUED recipient, which {@link RequeuePages} then does in
     * keyset pages of their own transactions (a resume of a million queued recipients is not one transaction).
     */
    public Uni<Void> queued(SqlClient tx, Campaign c) {
        return tx.preparedQuery("UPDATE campaign SET requeue_cursor = 0 WHERE id = $1").execute(Tuple.of(c.id()))
                .replaceWithVoid();
    }

    /**
     * Re-publishes the given recipients if they are still QUEUED: dispatch deferred them as "campaign paused" from a
     * view older than the resume (its campaign replica can lag the sends), so nobody else would send them again.
     */
    public Uni<Integer> deferred(SqlClient tx, Campaign c, List<Long> subscriberIds) {
        return tx.preparedQuery(DEFERRED).execute(Tuple.of(c.id(), subscriberIds.toArray(new Long[0])))
                .flatMap(rows -> {
                    List<OutboxMessage> messages = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        messages.add(message(c, r));
                    }
                    return outbox.append(tx, messages).replaceWith(messages.size());
                });
    }

    public Uni<ResendResult> resend(SqlClient tx, Campaign c, List<String> states, List<String> reasons) {
        if (states == null || states.isEmpty() || !List.of("SKIPPED", "FAILED").containsAll(states)) {
            throw ProblemException.badRequest("states", "must list SKIPPED and/or FAILED (SENT is never resent)");
        }
        String[] reasonArray = reasons == null || reasons.isEmpty() ? null : reasons.toArray(new String[0]);
        return tx.preparedQuery(RESEND).execute(Tuple.from(Arrays.asList(c.listIdArray(), c.id(),
                states.toArray(new String[0]), reasonArray, c.generation()))).flatMap(rows -> {
                    long requeued = 0;
                    for (Row r : rows) {
                        if ("QUEUED".equals(r.getString("state"))) {
                            requeued++;
                        }
                    }
                    ResendResult result = new ResendResult(c.generation(), requeued, rows.size() - requeued);
                    // published page by page like a resume: a resend to 20,000 is not one transaction or request
                    return queued(tx, c).replaceWith(result);
                });
    }

    OutboxMessage message(Campaign c, Row r) {
        String attributes = r.getString("attributes");
        return sends.message(c.id(), c.listIds(), r.getLong("subscriber_id"), r.getString("email"),
                r.getInteger("generation"), r.getString("name"),
                attributes == null ? java.util.Map.of() : new JsonObject(attributes).getMap());
    }
}
