package io.mailroom.campaign.campaign;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.campaign.fanout.FanoutWorker;
import io.mailroom.campaign.preflight.Preflight;
import io.mailroom.campaign.preflight.StartRefusedException;
import io.mailroom.campaign.preflight.Warning;
import io.mailroom.campaign.recipient.Requeue;
import io.mailroom.platform.problem.Problem;
import io.mailroom.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** draft → scheduled → running ⇄ paused → finished | cancelled, each move guarded by the current status. */
@ApplicationScoped
public class CampaignLifecycle {

    @Inject
    Pool pool;

    @Inject
    CampaignRepository campaigns;

    @Inject
    Preflight preflight;

    @Inject
    FanoutWorker fanout;

    @Inject
    Requeue requeue;

    public Uni<Campaign> start(long id, List<String> acknowledged) {
        return campaigns.find(id).flatMap(c -> {
            if (!Campaign.DRAFT.equals(c.status())) {
                throw ProblemException.conflict("campaign " + id + " is " + c.status() + ": only a draft can start");
            }
            return preflight.check(c).flatMap(report -> {
                if (report.audience().total() == 0) {
                    throw new ProblemException(Problem.of(409, Warning.EMPTY_AUDIENCE,
                            "campaign " + id + " has no recipients: its lists " + c.listIds() + " have no members"));
                }
                if (report.blockedBy(acknowledged)) {
                    throw new StartRefusedException(report.warnings());
                }
                boolean later = c.sendAt() != null && c.sendAt().isAfter(OffsetDateTime.now());
                return pool.withTransaction(tx -> campaigns.transition(tx, id, List.of(Campaign.DRAFT),
                        later ? Campaign.SCHEDULED : Campaign.RUNNING, null, later ? null : "started_at = now()"));
            });
        }).map(c -> orConflict(c, id, "start")).invoke(c -> fanout.wake());
    }

    public Uni<Campaign> pause(long id, String actor) {
        return pool.withTransaction(tx -> campaigns.transition(tx, id,
                List.of(Campaign.RUNNING, Campaign.SCHEDULED), Campaign.PAUSED, "paused by " + actor, null))
                .map(c -> orConflict(c, id, "pause"));
    }

    /** Resumes, re-publishing the recipients still QUEUED (dispatch deferred them while paused). */
    public Uni<Campaign> resume(long id) {
        return pool.withTransaction(tx -> campaigns.transition(tx, id, List.of(Campaign.PAUSED), Campaign.RUNNING,
                null, "started_at = coalesce(started_at, now())")
                .flatMap(c -> c == null ? Uni.createFrom().nullItem()
                        : requeue.queued(tx, c).flatMap(n -> campaigns.finishIfComplete(tx, id))
                                .map(finished -> finished == null ? c : finished)))
                .map(c -> orConflict(c, id, "resume")).invoke(c -> fanout.wake());
    }

    /** Cancels; the recipients still QUEUED become SKIPPED(cancelled), so the accounting stays exact. */
    public Uni<Campaign> cancel(long id, String actor) {
        return pool.withTransaction(tx -> campaigns.transition(tx, id,
                List.of(Campaign.DRAFT, Campaign.SCHEDULED, Campaign.RUNNING, Campaign.PAUSED), Campaign.CANCELLED,
                "cancelled by " + actor, "finished_at = now()")
                .call(c -> c == null ? Uni.createFrom().voidItem() : tx.preparedQuery("""
                        UPDATE campaign_recipient SET state = 'SKIPPED', reason = 'cancelled', updated_at = now()
                        WHERE campaign_id = $1 AND state = 'QUEUED'""").execute(Tuple.of(id))))
                .map(c -> orConflict(c, id, "cancel"));
    }

    /** Resends to the chosen SKIPPED/FAILED recipients as a new generation; the campaign runs until they have outcomes. */
    public Uni<Requeue.ResendResult> resend(long id, List<String> states, List<String> reasons) {
        String bump = """
                UPDATE campaign SET generation = generation + 1, status = 'running', status_reason = NULL,
                                    finished_at = NULL, revision = revision + 1
                WHERE id = $1 AND status IN ('finished', 'running', 'paused') RETURNING *""";
        return pool.withTransaction(tx -> tx.preparedQuery(bump).execute(Tuple.of(id)).flatMap(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.conflict("campaign " + id + " cannot resend: it is not finished, running or paused");
            }
            Campaign c = Campaign.from(rows.iterator().next());
            return campaigns.publish(tx, c)
                    .flatMap(x -> requeue.resend(tx, c, states, reasons))
                    .call(x -> campaigns.finishIfComplete(tx, id));
        }));
    }

    private Campaign orConflict(Campaign c, long id, String action) {
        if (c == null) {
            throw ProblemException.conflict("campaign " + id + " cannot " + action + " from its current status");
        }
        return c;
    }
}
