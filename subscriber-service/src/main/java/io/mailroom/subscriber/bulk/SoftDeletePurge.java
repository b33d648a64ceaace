package io.mailroom.subscriber.bulk;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Removes for good the subscribers a bulk delete soft-deleted once its revert window is over (tombstoned already). */
@ApplicationScoped
public class SoftDeletePurge {
    @Inject
    Pool pool;

    @ConfigProperty(name = "mailroom.bulk.revert-window", defaultValue = "7d")
    Duration revertWindow;

    @Scheduled(every = "${mailroom.bulk.purge-interval:1h}", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES)
    Uni<Void> purge() {
        return pool.preparedQuery("DELETE FROM subscribers WHERE deleted_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) revertWindow.toSeconds())).replaceWithVoid();
    }
}
