package io.mailroom.subscriber.bulk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.platform.problem.ProblemException;
import io.mailroom.subscriber.common.DbEnums;
import io.mailroom.subscriber.common.Json;
import io.mailroom.subscriber.common.SqlWhere;
import io.mailroom.subscriber.common.SubscriberFilter;
import io.mailroom.subscriber.list.ListLookup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Dry run, confirmed execution and revert of bulk actions, each execution recorded with every previous state; the
 * execution and the revert run in chunks ({@link BulkActionRunner}) and the request waits for them a bounded time.
 */
@ApplicationScoped
public class BulkActionService {
    private static final int SAMPLE = 10;

    @Inject
    Pool pool;

    @Inject
    BulkToken tokens;

    @Inject
    ListLookup lists;

    @Inject
    BulkActionRunner runner;

    @ConfigProperty(name = "mailroom.bulk.revert-window", defaultValue = "7d")
    Duration revertWindow;

    @ConfigProperty(name = "mailroom.bulk.request-wait", defaultValue = "20s")
    Duration requestWait;

    /** A validated request: its filter, its lists and the canonical text the token is bound to. */
    record Target(BulkActionType action, SubscriberFilter filter, List<Long> lists, Map<String, Object> json,
            String canonical) {}

    public Uni<BulkActionView.DryRun> dryRun(BulkRequest request, String actor) {
        Target target = target(request);
        SqlWhere where = target.filter().where();
        return requireLists(pool, target)
                .flatMap(x -> count(pool, where))
                .flatMap(matched -> pool.preparedQuery("SELECT s.email FROM subscribers s WHERE " + where.sql()
                                + " ORDER BY s.id LIMIT " + SAMPLE).execute(where.tuple())
                        .map(rows -> {
                            List<String> sample = new ArrayList<>();
                            rows.forEach(r -> sample.add(r.getString("email")));
                            return new BulkActionView.DryRun(matched, sample,
                                    tokens.issue(DbEnums.db(target.action()), target.canonical(), matched, actor));
                        }));
    }

    public Uni<BulkActionView.Executed> execute(BulkRequest request, String actor) {
        Target target = target(request);
        BulkToken.Confirmed confirmed = tokens.verify(request.confirmToken(), DbEnums.db(target.action()),
                target.canonical(), actor);
        SqlWhere where = target.filter().where();
        Long[] listIds = target.lists().toArray(new Long[0]);
        // this transaction only checks the count and records the action; the chunks run in their own (BulkActionRunner)
        return pool.withTransaction(tx -> requireLists(tx, target)
                .flatMap(x -> count(tx, where))
                .flatMap(matched -> {
                    if (matched != confirmed.matched()) {
                        throw ProblemException.conflict("the target matched " + confirmed.matched()
                                + " subscribers in the dry run and matches " + matched + " now: run the dry run again");
                    }
                    return tx.preparedQuery("""
                                    INSERT INTO bulk_actions (action, target, lists, matched, actor, status, max_id)
                                    VALUES ($1, $2::text::jsonb, $3, $4, $5, 'running',
                                            (SELECT COALESCE(max(id), 0) FROM subscribers)) RETURNING id""")
                            .execute(Tuple.of(DbEnums.db(target.action()), Json.write(target.json()), listIds,
                                    matched.intValue(), actor))
                            .map(rows -> rows.iterator().next().getLong("id"));
                }))
                .flatMap(id -> awaitRun(runner.execute(id)).flatMap(x -> pool.preparedQuery(
                                "SELECT affected, status FROM bulk_actions WHERE id = $1").execute(Tuple.of(id)))
                        .map(rows -> {
                            Row r = rows.iterator().next();
                            return new BulkActionView.Executed(id, r.getInteger("affected"), r.getString("status"));
                        }));
    }

    public Uni<BulkActionView.Reverted> revert(long id, String actor) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        SELECT *, created_at < now() - make_interval(secs => $2) AS expired
                        FROM bulk_actions WHERE id = $1 FOR UPDATE""")
                .execute(Tuple.of(id, (double) revertWindow.toSeconds()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("bulk action", id);
                    }
                    Row action = rows.iterator().next();
                    if (action.getOffsetDateTime("reverted_at") != null) {
                        throw ProblemException.conflict("bulk action " + id + " was already reverted");
                    }
                    if (action.getBoolean("expired")) {
                        throw ProblemException.conflict("bulk action " + id + " is older than the revert window ("
                                + revertWindow + ")");
                    }
                    if ("running".equals(action.getString("status"))) {
                        throw ProblemException.conflict("bulk action " + id + " is still running (" + action.getInteger(
                                "affected") + " changed so far): revert it once it has finished");
                    }
                    return tx.preparedQuery("""
                                    UPDATE bulk_actions SET reverted_at = now(), reverted_by = $2, revert_status = 'running',
                                           revert_cursor = 0, restored = 0, skipped = 0, heartbeat_at = now()
                                    WHERE id = $1""")
                            .execute(Tuple.of(id, actor));
                }))
                .flatMap(x -> awaitRun(runner.revert(id)))
                .flatMap(x -> pool.preparedQuery("SELECT restored, skipped, revert_status FROM bulk_actions WHERE id = $1")
                        .execute(Tuple.of(id)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new BulkActionView.Reverted(id, r.getInteger("restored"), r.getInteger("skipped"),
                            r.getString("revert_status"));
                });
    }

    /**
     * Waits for a run up to {@code mailroom.bulk.request-wait}: a large action answers with its progress and goes on
     * (GET /api/bulk-actions/{id}); a failed run is continued by BulkActionRecovery, the answer shows what committed.
     */
    private Uni<Void> awaitRun(CompletableFuture<Void> run) {
        // a dependent stage: the timeout cancels it, not the run
        return Uni.createFrom().completionStage(() -> run.thenApply(v -> v))
                .ifNoItem().after(requestWait).recoverWithItem((Void) null)
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public Uni<BulkActionView> get(long id) {
        return pool.preparedQuery("SELECT *, target::text AS target_json FROM bulk_actions WHERE id = $1")
                .execute(Tuple.of(id)).map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("bulk action", id);
                    }
                    Row r = rows.iterator().next();
                    var reverted = r.getOffsetDateTime("reverted_at");
                    return new BulkActionView(id, r.getString("action"), Json.object(r.getString("target_json")),
                            List.of(r.getArrayOfLongs("lists")), r.getInteger("matched"), r.getInteger("affected"),
                            r.getString("status"), r.getString("actor"), r.getOffsetDateTime("created_at").toInstant(),
                            reverted == null ? null : reverted.toInstant(), r.getString("reverted_by"),
                            r.getString("revert_status"),
                            r.getInteger("restored") == null ? null : r.getInteger("restored").longValue(),
                            r.getInteger("skipped") == null ? null : r.getInteger("skipped").longValue());
                });
    }

    private static Uni<Long> count(SqlClient client, SqlWhere where) {
        return client.preparedQuery("SELECT count(*) AS n FROM subscribers s WHERE " + where.sql())
                .execute(where.tuple()).map(rows -> rows.iterator().next().getLong("n"));
    }

    private Uni<Void> requireLists(SqlClient client, Target target) {
        List<Long> wanted = new ArrayList<>(target.lists());
        if (target.filter().list() != null) {
            wanted.add(target.filter().list());
        }
        return lists.missing(client, wanted).map(missing -> {
            if (!missing.isEmpty()) {
                throw ProblemException.badRequest(target.lists().containsAll(missing) ? "lists" : "filter.list",
                        "lists " + missing + " do not exist");
            }
            return null;
        });
    }

    /** Validates the request and builds the canonical target (sorted ids and lists, normalised domain). */
    static Target target(BulkRequest request) {
        if ((request.ids() == null) == (request.filter() == null)) {
            throw ProblemException.badRequest("filter", "give exactly one target: ids or filter");
        }
        List<Long> listIds = request.lists() == null ? List.of() : List.copyOf(new TreeSet<>(request.lists()));
        if (request.action().needsLists() && listIds.isEmpty()) {
            throw ProblemException.badRequest("lists", "name at least one list for " + DbEnums.db(request.action()));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        SubscriberFilter filter;
        if (request.ids() != null) {
            List<Long> ids = List.copyOf(new TreeSet<>(request.ids()));
            json.put("ids", ids);
            filter = SubscriberFilter.ofIds(ids);
        } else {
            BulkRequest.Filter f = request.filter();
            String domain = f.emailDomain() == null || f.emailDomain().isBlank() ? null
                    : f.emailDomain().strip().toLowerCase(java.util.Locale.ROOT);
            Map<String, Object> filterJson = new LinkedHashMap<>();
            filterJson.put("list", f.list());
            filterJson.put("status", DbEnums.db(f.status()));
            filterJson.put("subscriptionStatus", DbEnums.db(f.subscriptionStatus()));
            filterJson.put("emailDomain", domain);
            json.put("filter", filterJson);
            filter = new SubscriberFilter(f.list(), f.status(), f.subscriptionStatus(), null, domain, null, null);
        }
        json.put("lists", listIds);
        return new Target(request.action(), filter, listIds, json, Json.write(json));
    }
}
