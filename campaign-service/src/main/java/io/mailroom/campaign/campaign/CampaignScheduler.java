package io.mailroom.campaign.campaign;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.campaign.fanout.FanoutWorker;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Starts scheduled campaigns at their {@code sendAt}, and sweeps running campaigns that are complete. Both are
 * single guarded UPDATEs, so with several replicas exactly one of them moves each campaign.
 */
@ApplicationScoped
public class CampaignScheduler {

    @Inject
    Pool pool;

    @Inject
    CampaignRepository campaigns;

    @Inject
    FanoutWorker fanout;

    @Scheduled(every = "${mailroom.scheduler.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        String due = """
                UPDATE campaign SET status = 'running', started_at = coalesce(started_at, now()), revision = revision + 1
                WHERE status = 'scheduled' AND send_at <= now() RETURNING *""";
        return pool.withTransaction(tx -> tx.query(due).execute().flatMap(rows -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Row r : rows) {
                chain = chain.flatMap(x -> campaigns.publish(tx, Campaign.from(r)));
            }
            return chain.flatMap(x -> tx.query(
                    "SELECT id FROM campaign WHERE status = 'running' AND fanout_done").execute())
                    .flatMap(running -> {
                        Uni<Void> finish = Uni.createFrom().voidItem();
                        for (Row r : running) {
                            finish = finish.flatMap(x -> campaigns.finishIfComplete(tx, r.getLong("id"))
                                    .replaceWithVoid());
                        }
                        return finish;
                    });
        })).invoke(() -> fanout.wake());
    }
}
