package io.mailroom.subscriber.bulk;

import static io.mailroom.subscriber.Api.operator;
import static io.mailroom.subscriber.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.events.Topics;
import io.mailroom.subscriber.Api;
import io.mailroom.subscriber.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Bulk actions and reverts over more subscribers than one chunk ({@code %test.mailroom.bulk.chunk-size=50}): each
 * chunk is its own transaction, the action still applies to all and reverts all as ONE action with ONE revert, and a
 * runner that stops mid-way (a crash, simulated by a hook) is continued from its last chunk, exactly once.
 */
@QuarkusTest
class BulkChunkTest {
    private static final int MEMBERS = 120;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Inject
    BulkActionRunner runner;

    @Test
    void aBlocklistOverThreeChunksAppliesToAllInSeparateTransactionsAndItsRevertRestoresAll() {
        long list = Api.createList("single");
        Map<Long, Long> before = members(list);
        JsonPath done = execute("blocklist", list).body("affected", equalTo(MEMBERS)).extract().jsonPath();
        long id = done.getLong("id");

        Api.as(Api.VIEWER).get("/api/subscribers?list=" + list + "&status=blocklisted").then()
                .body("total", equalTo(MEMBERS));
        // 120 subscribers in chunks of 50: three transactions wrote the action's items (one on the unchunked code)
        assertEquals(3, scalar("SELECT count(DISTINCT xmin::text) FROM bulk_action_items WHERE bulk_action_id = $1",
                id));
        assertEquals("finished", done.getString("status"));
        Api.as(Api.VIEWER).get("/api/bulk-actions/" + id).then().body("status", equalTo("finished"))
                .body("affected", equalTo(MEMBERS));

        operator().post("/api/bulk-actions/" + id + "/revert").then().statusCode(200)
                .body("restored", equalTo(MEMBERS)).body("skipped", equalTo(0)).body("status", equalTo("finished"));
        Api.as(Api.VIEWER).get("/api/subscribers?list=" + list + "&status=enabled").then()
                .body("total", equalTo(MEMBERS));
        assertEquals(3, scalar("SELECT count(DISTINCT xmin::text) FROM subscribers WHERE id = ANY($1)",
                before.keySet().toArray(new Long[0])));
        assertRevisions(before, 2);
        assertOneAuditEntryEach(id);
    }

    @Test
    void aRunnerStoppedAfterItsFirstChunkIsContinuedAndAppliesEveryChunkExactlyOnce() {
        long list = Api.createList("single");
        Map<Long, Long> before = members(list);
        runner.stopNextRunAfter(1);
        JsonPath started = execute("blocklist", list).body("status", equalTo("running")).extract().jsonPath();
        long id = started.getLong("id");
        assertEquals(50, started.getInt("affected"));

        // the runner is gone; the recovery takes the action over once its lease (%test: 3 s) has expired
        await().atMost(WAIT).until(() -> "finished".equals(
                Api.as(Api.VIEWER).get("/api/bulk-actions/" + id).then().extract().jsonPath().getString("status")));
        Api.as(Api.VIEWER).get("/api/bulk-actions/" + id).then().body("affected", equalTo(MEMBERS));
        assertEquals(MEMBERS, scalar("SELECT count(*) FROM bulk_action_items WHERE bulk_action_id = $1", id));
        assertRevisions(before, 1);
        Api.as(Api.VIEWER).get("/api/subscribers?list=" + list + "&status=blocklisted").then()
                .body("total", equalTo(MEMBERS));
        try (TopicProbe topic = new TopicProbe(Topics.SUBSCRIBERS)) {
            topic.awaitUntil(() -> before.keySet().stream().allMatch(s -> topic.records(s).stream()
                    .anyMatch(r -> r.value() != null && r.value().contains("bulk-action:" + id))));
            for (long s : before.keySet()) {
                assertEquals(1, topic.records(s).stream()
                        .filter(r -> r.value() != null && r.value().contains("bulk-action:" + id)).count(),
                        "one state per subscriber from the action, subscriber " + s);
            }
        }

        runner.stopNextRunAfter(1);
        operator().post("/api/bulk-actions/" + id + "/revert").then().statusCode(200).body("status", equalTo("running"))
                .body("restored", equalTo(50));
        operator().post("/api/bulk-actions/" + id + "/revert").then().statusCode(409);
        await().atMost(WAIT).until(() -> "finished".equals(Api.as(Api.VIEWER).get("/api/bulk-actions/" + id).then()
                .extract().jsonPath().getString("revertStatus")));
        Api.as(Api.VIEWER).get("/api/bulk-actions/" + id).then().body("restored", equalTo(MEMBERS))
                .body("skipped", equalTo(0));
        assertRevisions(before, 2);
        Api.as(Api.VIEWER).get("/api/subscribers?list=" + list + "&status=enabled").then()
                .body("total", equalTo(MEMBERS));
        assertOneAuditEntryEach(id);
    }

    /** Creates {@link #MEMBERS} subscribers of the list; returns their ids with their revisions. */
    private Map<Long, Long> members(long list) {
        String tag = unique();
        for (int i = 0; i < MEMBERS; i++) {
            Api.createSubscriber("chunk" + i + "." + tag + "@example.com", List.of(list));
        }
        Map<Long, Long> revisions = new HashMap<>();
        for (Row r : pool.preparedQuery("""
                        SELECT s.id, s.revision FROM subscribers s JOIN subscriptions x ON x.subscriber_id = s.id
                        WHERE x.list_id = $1""").execute(Tuple.of(list)).await().atMost(WAIT)) {
            revisions.put(r.getLong("id"), r.getLong("revision"));
        }
        assertEquals(MEMBERS, revisions.size());
        return revisions;
    }

    private static io.restassured.response.ValidatableResponse execute(String action, long list) {
        Map<String, Object> filter = Map.of("list", list);
        String token = operator().body(Map.of("action", action, "filter", filter)).post("/api/bulk-actions").then()
                .statusCode(200).body("matched", equalTo(MEMBERS)).extract().jsonPath().getString("confirmToken");
        return operator().body(Map.of("action", action, "filter", filter, "confirmToken", token))
                .post("/api/bulk-actions").then().statusCode(202);
    }

    /** Every subscriber's revision moved by exactly {@code steps} (the action, then its revert): none applied twice. */
    private void assertRevisions(Map<Long, Long> before, int steps) {
        for (Row r : pool.preparedQuery("SELECT id, revision FROM subscribers WHERE id = ANY($1)")
                .execute(Tuple.of((Object) before.keySet().toArray(new Long[0]))).await().atMost(WAIT)) {
            assertEquals(before.get(r.getLong("id")) + steps, r.getLong("revision"), "subscriber " + r.getLong("id"));
        }
    }

    private void assertOneAuditEntryEach(long id) {
        List<Row> entries = new java.util.ArrayList<>();
        pool.preparedQuery("SELECT action, affected FROM audit_log WHERE bulk_action_id = $1 ORDER BY id")
                .execute(Tuple.of(id)).await().atMost(WAIT).forEach(entries::add);
        assertEquals(List.of("bulk-action.blocklist", "bulk-action.revert"),
                entries.stream().map(r -> r.getString("action")).toList());
        assertTrue(entries.stream().allMatch(r -> r.getInteger("affected") == MEMBERS));
    }

    private long scalar(String sql, Object param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
