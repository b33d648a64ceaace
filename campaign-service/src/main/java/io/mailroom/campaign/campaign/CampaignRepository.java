package io.mailroom.campaign.campaign;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.platform.paging.Paging;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads and changes campaign rows. Every change bumps the revision and appends the new state to the outbox in the
 * same transaction, so dispatch always learns what the database says.
 */
@ApplicationScoped
public class CampaignRepository {

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    public Uni<Campaign> find(long id) {
        return pool.preparedQuery("SELECT * FROM campaign WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("campaign", id);
                    }
                    return Campaign.from(rows.iterator().next());
                });
    }

    /** A page of campaigns, newest first; {@code status} null for every status. */
    public Uni<List<Campaign>> page(int page, int size, String status) {
        return pool.preparedQuery("SELECT * FROM campaign WHERE ($3::text IS NULL OR status = $3) "
                        + "ORDER BY id DESC LIMIT $1 OFFSET $2")
                .execute(Tuple.of(size, Paging.offset(page, size), status))
                .map(rows -> {
                    List<Campaign> list = new java.util.ArrayList<>();
                    rows.forEach(r -> list.add(Campaign.from(r)));
                    return list;
                });
    }

    public Uni<Campaign> insert(CampaignRequest req, String body) {
        String sql = """
                INSERT INTO campaign (name, subject, from_email, reply_to, body, template_id, content_type, channel,
                                      list_ids, send_at, rate_limit, status, warmup_start_rate, warmup_factor,
                                      warmup_step_seconds)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', $12, $13, $14) RETURNING *""";
        WarmupRequest w = req.warmup();
        Tuple args = Tuple.from(Arrays.asList(req.name(), req.subject(), req.fromEmail(), req.replyTo(), body,
                req.templateId(), req.contentTypeOrDefault(), req.channelOrDefault(), req.lists().toArray(new Long[0]),
                req.sendAt(), req.rateLimit(), w == null ? null : w.startRate(), w == null ? null : w.factor(),
                w == null ? null : w.stepSeconds()));
        return pool.withTransaction(tx -> tx.preparedQuery(sql).execute(args)
                .map(rows -> Campaign.from(rows.iterator().next()))
                .call(c -> outbox.append(tx, CampaignEvents.state(c))));
    }

    /**
     * Moves a campaign to {@code status} when it is in one of {@code from}, and publishes the new state;
     * returns null when the campaign was not in such a status (nothing changed).
     */
    public Uni<Campaign> transition(SqlClient tx, long id, List<String> from, String status, String reason,
            String extraSet) {
        String sql = "UPDATE campaign SET status = $2, status_reason = $3, revision = revision + 1"
                + (extraSet == null ? "" : ", " + extraSet)
                + " WHERE id = $1 AND status = ANY($4) RETURNING *";
        return tx.preparedQuery(sql).execute(Tuple.of(id, status, reason, from.toArray(new String[0])))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Campaign c = Campaign.from(rows.iterator().next());
                    return outbox.append(tx, CampaignEvents.state(c)).replaceWith(c);
                });
    }

    /**
     * Sets (or, with null, removes) the warm-up ramp of a campaign that has not ended, and publishes it: dispatch
     * applies the new ramp from the campaign's original start.
     */
    public Uni<Campaign> setWarmup(long id, WarmupRequest w) {
        String sql = """
                UPDATE campaign SET warmup_start_rate = $2, warmup_factor = $3, warmup_step_seconds = $4,
                                    revision = revision + 1
                WHERE id = $1 AND status IN ('draft', 'scheduled', 'running', 'paused') RETURNING *""";
        Tuple args = Tuple.from(Arrays.asList(id, w == null ? null : w.startRate(), w == null ? null : w.factor(),
                w == null ? null : w.stepSeconds()));
        return find(id).flatMap(existing -> pool.withTransaction(tx -> tx.preparedQuery(sql).execute(args)
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.conflict("campaign " + id + " is " + existing.status()
                                + ": its warm-up can no longer change");
                    }
                    Campaign c = Campaign.from(rows.iterator().next());
                    return outbox.append(tx, CampaignEvents.state(c)).replaceWith(c);
                })));
    }

    /** Appends the campaign's current state to the outbox. */
    public Uni<Void> publish(SqlClient tx, Campaign c) {
        return outbox.append(tx, CampaignEvents.state(c));
    }

    /**
     * Finishes a running campaign whose fan-out is complete and that has no queued recipient left (by the counts the
     * database keeps in the same transaction as the rows: a scan of the rows walked every dead QUEUED index entry).
     */
    public Uni<Campaign> finishIfComplete(SqlClient tx, long id) {
        String sql = """
                UPDATE campaign SET status = 'finished', status_reason = NULL, finished_at = now(),
                                    revision = revision + 1
                WHERE id = $1 AND status = 'running' AND fanout_done
                  AND NOT EXISTS (SELECT 1 FROM campaign_recipient_count q
                                  WHERE q.campaign_id = $1 AND q.state = 'QUEUED' AND q.n > 0)
                RETURNING *""";
        return tx.preparedQuery(sql).execute(Tuple.of(id)).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().nullItem();
            }
            Campaign c = Campaign.from(rows.iterator().next());
            return outbox.append(tx, CampaignEvents.state(c)).replaceWith(c);
        });
    }
}
