package io.mailroom.dispatch.suppression;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.platform.group.GroupCall;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Durable local suppression replica of {@code mailroom.subscribers}: status, reason and list subscriptions. */
@ApplicationScoped
public class SubscriberReplica {
    private static final int MAX_GROUP = 500;
    private static final TypeReference<List<SubscriberState.Subscription>> SUBSCRIPTIONS = new TypeReference<>() {
    };
    // A tombstone keeps the revision it deleted (Tombstones.FINAL when it did not say): a state with a higher revision
    // revives the row (a reverted bulk delete), an older or equal one changes nothing. A key has a row once any
    // record of it arrived, so the revision guard of the conflict branch also guards the insert.
    private static final String UPSERT = """
            INSERT INTO subscriber_replica (subscriber_id, revision, status, status_reason, subscriptions)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (subscriber_id) DO UPDATE SET revision = EXCLUDED.revision, status = EXCLUDED.status,
                status_reason = EXCLUDED.status_reason, subscriptions = EXCLUDED.subscriptions, deleted = FALSE,
                updated_at = now()
            WHERE subscriber_replica.revision < EXCLUDED.revision""";
    // The row stays as a marker so a late send is skipped and no older state revives it; a tombstone older than the
    // stored state (published out of order) deletes nothing.
    private static final String TOMBSTONE = """
            INSERT INTO subscriber_replica (subscriber_id, revision, deleted) VALUES ($1, $2, TRUE)
            ON CONFLICT (subscriber_id) DO UPDATE SET deleted = TRUE, revision = EXCLUDED.revision, updated_at = now()
            WHERE subscriber_replica.revision <= EXCLUDED.revision""";

    @Inject
    Pool pool;

    public Uni<Void> apply(SubscriberState state) {
        Tuple row = Tuple.of(state.subscriberId(), state.revision(), state.status().name(), state.statusReason(),
                json(state.subscriptions()));
        return pool.preparedQuery(UPSERT).execute(row).replaceWithVoid();
    }

    /** Marks the subscriber deleted at {@code revision} (the tombstone's, see {@code Tombstones}). */
    public Uni<Void> delete(long subscriberId, long revision) {
        return pool.preparedQuery(TOMBSTONE).execute(Tuple.of(subscriberId, revision)).replaceWithVoid();
    }

    private final GroupCall<Long, SubscriberFacts> lookups = new GroupCall<>(MAX_GROUP, this::findAll);

    /**
     * What the replica knows of the subscriber now, or null when it knows nothing; grouped with the lookups running
     * concurrently into one query.
     */
    public Uni<SubscriberFacts> find(long subscriberId) {
        return lookups.submit(subscriberId);
    }

    private Uni<List<SubscriberFacts>> findAll(List<Long> ids) {
        return pool.preparedQuery("SELECT subscriber_id, status, status_reason, subscriptions, deleted "
                + "FROM subscriber_replica WHERE subscriber_id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, SubscriberFacts> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getLong("subscriber_id"), facts(row)));
                    return ids.stream().map(found::get).toList();
                });
    }

    private static SubscriberFacts facts(Row row) {
        if (row.getBoolean("deleted")) {
            return SubscriberFacts.DELETED;
        }
        String subscriptions = row.getString("subscriptions");
        try {
            return new SubscriberFacts(false, SubscriberStatus.valueOf(row.getString("status")),
                    row.getString("status_reason"),
                    subscriptions == null ? List.of() : EventCodec.mapper().readValue(subscriptions, SUBSCRIPTIONS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt subscriptions of subscriber replica row", e);
        }
    }

    private static String json(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
