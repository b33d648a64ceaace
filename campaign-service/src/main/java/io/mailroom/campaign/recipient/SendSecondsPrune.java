package io.mailroom.campaign.recipient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Deletes the per-second send counts that no status can read any more: the current rate looks back 60 s, and the
 * triggers add a row per sending second per campaign (a day-long campaign at a low rate would leave 86,400).
 */
@ApplicationScoped
public class SendSecondsPrune {
    // ten times the rate's window: a slow replica or clock skew between instances still finds its minute
    private static final String PRUNE = "DELETE FROM campaign_send_second WHERE second < now() - interval '10 minutes'";

    @Inject
    Pool pool;

    @Scheduled(every = "${mailroom.send-seconds.prune-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> prune() {
        return pool.query(PRUNE).execute().replaceWithVoid();
    }
}
