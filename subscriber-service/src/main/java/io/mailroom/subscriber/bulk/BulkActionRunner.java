package io.mailroom.subscriber.bulk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.subscriber.audit.AuditLog;
import io.mailroom.subscriber.common.DbEnums;
import io.mailroom.subscriber.common.Json;
import io.mailroom.subscriber.common.SqlWhere;
import io.mailroom.subscriber.state.SubscriberStates;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs a started bulk action, or its revert, chunk by chunk: each chunk of {@code mailroom.bulk.chunk-size}
 * subscribers is one transaction that locks the action's row, reads its cursor, changes the chunk, appends the chunk's
 * states (or tombstones) to the outbox and moves the cursor, so a crash loses at most the chunk in flight and any
 * runner (this one, or {@link BulkActionRecovery} after a restart) continues after the last committed chunk; the
 * row lock makes two runners of one action take turns, never apply a chunk twice.
 */
@ApplicationScoped
public class BulkActionRunner {
    private static final Logger LOG = Logger.getLogger(BulkActionRunner.class);

    private final Map<Long, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    /** Test hook: when ≥ 0, the next chunk loop stops after that many chunks, as if the process had died. */
    private final AtomicInteger stopAfterChunks = new AtomicInteger(-1);

    @Inject
    Pool pool;

    @Inject
    SubscriberStates states;

    @Inject
    AuditLog audit;

    @ConfigProperty(name = "mailroom.bulk.chunk-size", defaultValue = "10000")
    int chunkSize;

    /** Runs the rest of the action's execution here (unless already running here); completes when it has finished. */
    CompletableFuture<Void> execute(long id) {
        return run(id, this::executeChunk);
    }

    /** Runs the rest of the action's revert here (unless already running here); completes when it has finished. */
    CompletableFuture<Void> revert(long id) {
        return run(id, this::revertChunk);
    }

    /** The ids of the actions (or reverts) whose chunks this process is running. */
    Set<Long> running() {
        return running.keySet();
    }

    /** Test hook: the next chunk loop to start stops after {@code chunks} committed chunks, leaving its action running. */
    void stopNextRunAfter(int chunks) {
        stopAfterChunks.set(chunks);
    }

    private CompletableFuture<Void> run(long id, Function<Long, Uni<Boolean>> chunk) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> existing = running.putIfAbsent(id, done);
        if (existing != null) {
            return existing;
        }
        int stopAfter = stopAfterChunks.getAndSet(-1);
        AtomicInteger chunks = new AtomicInteger();
        Multi.createBy().repeating().uni(() -> {
                    if (stopAfter >= 0 && chunks.get() >= stopAfter) {
                        return Uni.createFrom().<Boolean>failure(new IllegalStateException(
                                "test hook: runner stopped after " + stopAfter + " chunks"));
                    }
                    return chunk.apply(id).invoke(chunks::incrementAndGet);
                })
                .whilst(more -> more)
                .collect().last()
                .subscribe().with(x -> {
                    running.remove(id);
                    done.complete(null);
                }, e -> {
                    running.remove(id);
                    LOG.warnf("bulk action %d stopped after %d chunks of this run (%s); it continues when its lease "
                            + "expires", id, chunks.get(), e.toString());
                    done.completeExceptionally(e);
                });
        return done;
    }

    /** One chunk of the execution; true when there may be more. */
    private Uni<Boolean> executeChunk(long id) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        SELECT action, target::text AS target_json, lists, actor, max_id, cursor_id, affected
                        FROM bulk_actions WHERE id = $1 AND status = 'running' FOR UPDATE""")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false); // finished by another runner meanwhile
                    }
                    Row a = rows.iterator().next();
                    BulkActionType type = DbEnums.parse(BulkActionType.class, a.getString("action"));
                    Map<String, Object> target = Json.object(a.getString("target_json"));
                    SqlWhere where = BulkActionService.target(request(type, target, a.getArrayOfLongs("lists")))
                            .filter().where();
                    Long[] lists = a.getArrayOfLongs("lists");
                    Tuple params = type.usesLists()
                            ? where.tuple(id, a.getLong("cursor_id"), a.getLong("max_id"), chunkSize, lists)
                            : where.tuple(id, a.getLong("cursor_id"), a.getLong("max_id"), chunkSize);
                    return tx.preparedQuery(BulkActionSql.execute(type, where)).execute(params).flatMap(changedRows -> {
                        List<Long> changed = new ArrayList<>(changedRows.size());
                        changedRows.forEach(r -> changed.add(r.getLong("id")));
                        boolean last = changed.size() < chunkSize;
                        long cursor = changed.stream().mapToLong(Long::longValue).max().orElse(a.getLong("cursor_id"));
                        long affected = a.getInteger("affected") + changed.size();
                        Uni<Void> announce = type == BulkActionType.DELETE ? states.tombstone(tx, changed)
                                : states.publish(tx, changed);
                        return announce
                                .flatMap(v -> tx.preparedQuery("""
                                                UPDATE bulk_actions SET affected = $2::bigint, cursor_id = $3, heartbeat_at = now(),
                                                       status = CASE WHEN $4 THEN 'finished' ELSE status END
                                                WHERE id = $1""")
                                        .execute(Tuple.of(id, affected, cursor, last)))
                                .flatMap(v -> last ? audit.append(tx, a.getString("actor"),
                                        "bulk-action." + DbEnums.db(type), null, id, affected, target)
                                        : Uni.createFrom().voidItem())
                                .replaceWith(!last);
                    });
                }));
    }

    /** One chunk of the revert; true when there may be more. */
    private Uni<Boolean> revertChunk(long id) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        SELECT action, lists, reverted_by, revert_cursor, restored, skipped
                        FROM bulk_actions WHERE id = $1 AND revert_status = 'running' FOR UPDATE""")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Row a = rows.iterator().next();
                    long after = a.getLong("revert_cursor");
                    return tx.preparedQuery(BulkActionSql.REVERT_CHUNK).execute(Tuple.of(id, after, chunkSize))
                            .flatMap(chunk -> {
                                Row c = chunk.iterator().next();
                                long n = c.getLong("n");
                                long upTo = n == 0 ? after : c.getLong("last");
                                return restore(tx, id, a, after, upTo).flatMap(restored -> {
                                    boolean last = n < chunkSize;
                                    long totalRestored = a.getInteger("restored") + restored;
                                    long totalSkipped = a.getInteger("skipped") + (n - restored);
                                    return tx.preparedQuery("""
                                                    UPDATE bulk_actions SET restored = $2::bigint, skipped = $3::bigint, revert_cursor = $4,
                                                           heartbeat_at = now(),
                                                           revert_status = CASE WHEN $5 THEN 'finished' ELSE revert_status END
                                                    WHERE id = $1""")
                                            .execute(Tuple.of(id, totalRestored, totalSkipped, upTo, last))
                                            .flatMap(v -> last ? audit.append(tx, a.getString("reverted_by"),
                                                    "bulk-action.revert", null, id, totalRestored,
                                                    Map.of("action", a.getString("action"), "skipped", totalSkipped))
                                                    : Uni.createFrom().voidItem())
                                            .replaceWith(!last);
                                });
                            });
                }));
    }

    /** Restores the revertible subscribers recorded with an id in {@code (after, upTo]}; returns how many. */
    private Uni<Integer> restore(SqlClient tx, long id, Row action, long after, long upTo) {
        if (upTo <= after) {
            return Uni.createFrom().item(0);
        }
        return tx.preparedQuery(BulkActionSql.REVERTIBLE).execute(Tuple.of(id, after, upTo)).flatMap(rows -> {
            List<Long> ids = new ArrayList<>(rows.size());
            rows.forEach(r -> ids.add(r.getLong("subscriber_id")));
            if (ids.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Long[] idArray = ids.toArray(new Long[0]);
            Uni<?> dropAdded = DbEnums.db(BulkActionType.ADD_LISTS).equals(action.getString("action"))
                    ? tx.preparedQuery(BulkActionSql.DROP_ADDED_SUBSCRIPTIONS)
                            .execute(Tuple.of(id, idArray, action.getArrayOfLongs("lists")))
                    : Uni.createFrom().voidItem();
            return tx.preparedQuery(BulkActionSql.RESTORE_STATUS).execute(Tuple.of(id, idArray))
                    .flatMap(x -> tx.preparedQuery(BulkActionSql.RESTORE_SUBSCRIPTIONS).execute(Tuple.of(id, idArray)))
                    .flatMap(x -> dropAdded)
                    .flatMap(x -> states.publish(tx, ids))
                    .replaceWith(ids.size());
        });
    }

    /** The request an action was started with, rebuilt from its stored target (the canonical JSON of the token). */
    @SuppressWarnings("unchecked")
    private static BulkRequest request(BulkActionType type, Map<String, Object> target, Long[] lists) {
        List<Long> ids = null;
        BulkRequest.Filter filter = null;
        if (target.get("ids") instanceof List<?> list) {
            ids = list.stream().map(v -> ((Number) v).longValue()).toList();
        } else {
            Map<String, Object> f = (Map<String, Object>) target.getOrDefault("filter", new LinkedHashMap<>());
            filter = new BulkRequest.Filter(f.get("list") == null ? null : ((Number) f.get("list")).longValue(),
                    DbEnums.parse(SubscriberStatus.class, (String) f.get("status")),
                    DbEnums.parse(SubscriptionStatus.class, (String) f.get("subscriptionStatus")),
                    (String) f.get("emailDomain"));
        }
        return new BulkRequest(type, ids, filter, List.of(lists), null);
    }
}
