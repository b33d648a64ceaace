package io.mailroom.campaign.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Judges again, now and then, every running campaign that has had a hard bounce or complaint: {@link AutoPause} runs
 * when such feedback arrives, but a campaign whose bounces came before it reached {@code min-sends} crosses that
 * threshold by sending, with no new feedback to trigger the check. Each check is a guarded transition, so several
 * replicas sweeping at once pause a campaign once.
 */
@ApplicationScoped
public class AutoPauseSweep {
    private static final String CANDIDATES = """
            SELECT c.id FROM campaign c
            WHERE c.status = 'running' AND EXISTS (
              SELECT 1 FROM campaign_feedback f
              WHERE f.campaign_id = c.id AND f.kind IN ('HARD_BOUNCE', 'COMPLAINT'))
            ORDER BY c.id""";

    @Inject
    Pool pool;

    @Inject
    AutoPause autoPause;

    @Scheduled(every = "${mailroom.autopause.sweep-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sweep() {
        return pool.withTransaction(tx -> tx.query(CANDIDATES).execute().flatMap(rows -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Row r : rows) {
                long id = r.getLong("id");
                chain = chain.flatMap(x -> autoPause.check(tx, id));
            }
            return chain;
        }));
    }
}
