package io.mailroom.subscriber.bulk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the bulk actions and reverts this process runs alive (heartbeat) and continues, after their last committed
 * chunk, the running ones whose runner is gone (restart, crash: heartbeat older than {@code mailroom.bulk.lease}).
 * Unlike an import (failed when cut off), a bulk action resumes: its cursor is in the database and every chunk is a
 * transaction of its own. Lease-based, so a replica does not take over another live replica's action.
 */
@ApplicationScoped
public class BulkActionRecovery {
    private static final Logger LOG = Logger.getLogger(BulkActionRecovery.class);

    @Inject
    Pool pool;

    @Inject
    BulkActionRunner runner;

    @ConfigProperty(name = "mailroom.bulk.lease", defaultValue = "60s")
    Duration lease;

    @Scheduled(every = "${mailroom.bulk.heartbeat-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        if (runner.running().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE bulk_actions SET heartbeat_at = now() WHERE id = ANY($1)")
                .execute(Tuple.of((Object) runner.running().toArray(new Long[0]))).replaceWithVoid();
    }

    @Scheduled(every = "${mailroom.bulk.heartbeat-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resumeStale() {
        return resume().replaceWithVoid();
    }

    /** Continues every running action or revert whose heartbeat is older than the lease; returns their ids. */
    public Uni<List<Long>> resume() {
        return pool.preparedQuery("""
                        SELECT id, status = 'running' AS executing FROM bulk_actions
                        WHERE (status = 'running' OR revert_status = 'running')
                          AND heartbeat_at < now() - make_interval(secs => $1)""")
                .execute(Tuple.of((double) lease.toMillis() / 1000))
                .map(rows -> {
                    List<Long> resumed = new ArrayList<>();
                    for (Row r : rows) {
                        long id = r.getLong("id");
                        if (runner.running().contains(id)) {
                            continue;
                        }
                        boolean executing = r.getBoolean("executing");
                        LOG.warnf("bulk action %d: its runner stopped (restart or crash); continuing its %s after the "
                                + "last committed chunk", id, executing ? "execution" : "revert");
                        if (executing) {
                            runner.execute(id);
                        } else {
                            runner.revert(id);
                        }
                        resumed.add(id);
                    }
                    return resumed;
                });
    }
}
