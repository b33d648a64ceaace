package io.mailroom.subscriber.imports;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.mailroom.subscriber.audit.AuditLog;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the imports this process runs alive (heartbeat) and fails the running imports whose runner is gone: a
 * restart or crash cut them off, and without this they would stay {@code running} forever. Lease-based rather than
 * "everything running at startup", so that a replica never fails another live replica's import.
 */
@ApplicationScoped
public class ImportRecovery {
    private static final Logger LOG = Logger.getLogger(ImportRecovery.class);

    private final Set<Long> running = ConcurrentHashMap.newKeySet();

    @Inject
    Pool pool;

    @Inject
    AuditLog audit;

    @ConfigProperty(name = "mailroom.import.lease", defaultValue = "60s")
    Duration lease;

    /** This process runs the import from now on. */
    void track(long importId) {
        running.add(importId);
    }

    void untrack(long importId) {
        running.remove(importId);
    }

    @Scheduled(every = "${mailroom.import.heartbeat-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        if (running.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE imports SET heartbeat_at = now() WHERE id = ANY($1) AND status = 'running'")
                .execute(Tuple.of(running.toArray(new Long[0]))).replaceWithVoid();
    }

    @Scheduled(every = "${mailroom.import.heartbeat-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expire() {
        return recover().replaceWithVoid();
    }

    /** Fails every running import whose heartbeat is older than the lease; returns their ids. */
    public Uni<List<Long>> recover() {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        UPDATE imports SET status = 'failed', finished_at = now(), total = processed,
                               failure = 'interrupted: its runner stopped (service restart or crash) after line '
                                         || last_line || ' of the file; every row up to that line was processed ('
                                         || imported || ' imported, ' || skipped || ' skipped, ' || error_count
                                         || ' errors), the rows after it were not: import them again'
                        WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
                        RETURNING id, actor, mode, imported, error_count, last_line""")
                .execute(Tuple.of((double) lease.toSeconds()))
                .flatMap(rows -> Multi.createFrom().iterable(rows).onItem()
                        .transformToUniAndConcatenate(r -> audited(tx, r)).collect().asList()));
    }

    private Uni<Long> audited(SqlClient tx, Row r) {
        long id = r.getLong("id");
        LOG.warnf("import %d interrupted after line %d (its runner stopped): marked failed", id, r.getLong("last_line"));
        return audit.append(tx, r.getString("actor"), "import", null, null, r.getLong("imported"),
                Map.of("importId", id, "errors", r.getLong("error_count"), "mode", r.getString("mode"),
                        "interrupted", true, "lastLine", r.getLong("last_line")))
                .replaceWith(id);
    }
}
