package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.operator;
import static io.mailroom.subscriber.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The incident behind Mailroom at subscriber level: a 40,000-member list with 1,200 unsubscribed members, a filter
 * meant for those, a token that cannot be reused for the whole list, the whole list blocklisted by mistake anyway,
 * and a revert that restores every member's previous status, visible in the audit log and on the topic.
 */
@QuarkusTest
class SeedScenarioTest {
    private static final int MEMBERS = 40_000;
    private static final int UNSUBSCRIBED = 1_200;
    private static final int BLOCKLISTED_BEFORE = 300;
    private static final int DISABLED_BEFORE = 20;

    @Test
    void mistakenWholeListBlocklistIsRevertedForEveryMember() {
        long list = Api.createList("single");
        String tag = unique();
        StringBuilder csv = new StringBuilder("email,name,attributes\n");
        for (int i = 0; i < MEMBERS; i++) {
            csv.append("seed").append(i).append('.').append(tag).append("@example.com,Seed ").append(i).append(",{}\n");
        }
        assertEquals(MEMBERS, ImportTest.runImport(csv.toString(), list, "false").getLong("imported"));
        List<Long> ids = memberIds(list);
        assertEquals(MEMBERS, ids.size());

        List<Long> unsubscribed = ids.subList(0, UNSUBSCRIBED);
        List<Long> blocklisted = ids.subList(UNSUBSCRIBED, UNSUBSCRIBED + BLOCKLISTED_BEFORE);
        List<Long> disabled = ids.subList(MEMBERS - DISABLED_BEFORE, MEMBERS);
        execute(Map.of("action", "unsubscribe", "ids", unsubscribed, "lists", List.of(list)));
        long earlierBlocklist = execute(Map.of("action", "blocklist", "ids", blocklisted));
        disabled.forEach(id -> operator().body(Map.of("status", "disabled")).patch("/api/subscribers/" + id)
                .then().statusCode(200));

        Map<String, Object> meant = Map.of("list", list, "subscriptionStatus", "unsubscribed");
        String tokenOfMeant = operator().body(Map.of("action", "blocklist", "filter", meant)).post("/api/bulk-actions")
                .then().statusCode(200).body("matched", equalTo(UNSUBSCRIBED)).extract().jsonPath()
                .getString("confirmToken");
        operator().body(Map.of("action", "blocklist", "filter", Map.of("list", list), "confirmToken", tokenOfMeant))
                .post("/api/bulk-actions").then().statusCode(409);

        long mistake = execute(Map.of("action", "blocklist", "filter", Map.of("list", list)));
        // 40,000 members in %test chunks of 50: the request may answer before the last chunk (status running)
        awaitFinished(mistake, "status");
        Api.as(Api.VIEWER).get("/api/bulk-actions/" + mistake).then()
                .body("matched", equalTo(MEMBERS)).body("affected", equalTo(MEMBERS - BLOCKLISTED_BEFORE));
        Api.as(Api.VIEWER).get("/api/lists/" + list).then().body("counts.subscribers.blocklisted", equalTo(MEMBERS));

        operator().post("/api/bulk-actions/" + mistake + "/revert").then().statusCode(200);
        awaitFinished(mistake, "revertStatus");
        Api.as(Api.VIEWER).get("/api/bulk-actions/" + mistake).then()
                .body("restored", equalTo(MEMBERS - BLOCKLISTED_BEFORE)).body("skipped", equalTo(0));
        Api.as(Api.VIEWER).get("/api/lists/" + list).then()
                .body("counts.total", equalTo(MEMBERS))
                .body("counts.subscribers.blocklisted", equalTo(BLOCKLISTED_BEFORE))
                .body("counts.subscribers.disabled", equalTo(DISABLED_BEFORE))
                .body("counts.subscribers.enabled", equalTo(MEMBERS - BLOCKLISTED_BEFORE - DISABLED_BEFORE))
                .body("counts.subscriptions.unsubscribed", equalTo(UNSUBSCRIBED));
        Api.as(Api.VIEWER).get("/api/audit?subscriber=" + ids.get(0)).then()
                .body("items.action", hasItems("bulk-action.blocklist", "bulk-action.revert"));

        String mistaken = "bulk-action:" + mistake;
        Set<Long> blocklistedSet = new HashSet<>(blocklisted);
        Set<Long> disabledSet = new HashSet<>(disabled);
        try (TopicProbe topic = new TopicProbe(Topics.SUBSCRIBERS)) {
            topic.awaitUntil(() -> ids.stream().allMatch(id -> {
                var records = topic.records(id);
                return !records.isEmpty() && records.stream().anyMatch(r -> blocklistedSet.contains(id)
                        || r.value().contains(mistaken)) && !records.get(records.size() - 1).value().contains(mistaken);
            }));
            for (long id : ids) {
                var records = topic.records(id);
                SubscriberState state = EventCodec.decode(records.get(records.size() - 1).value(), SubscriberState.class);
                if (blocklistedSet.contains(id)) {
                    assertEquals("bulk-action:" + earlierBlocklist, state.statusReason(), "untouched by the mistake");
                    assertTrue(records.stream().noneMatch(r -> r.value().contains(mistaken)));
                } else {
                    assertEquals(disabledSet.contains(id) ? SubscriberStatus.DISABLED : SubscriberStatus.ENABLED,
                            state.status(), "subscriber " + id);
                    assertNull(state.statusReason());
                }
            }
        }
    }

    private static List<Long> memberIds(long list) {
        List<Long> ids = new ArrayList<>(MEMBERS);
        for (int page = 0; ; page++) {
            JsonPath p = Api.as(Api.VIEWER).get("/api/subscribers?list=" + list + "&size=1000&page=" + page).then()
                    .statusCode(200).extract().jsonPath();
            List<Number> batch = p.getList("items.id", Number.class);
            if (batch.isEmpty()) {
                return ids;
            }
            batch.forEach(n -> ids.add(n.longValue()));
        }
    }

    private static void awaitFinished(long bulkAction, String field) {
        await().atMost(Duration.ofMinutes(5)).until(() -> "finished".equals(Api.as(Api.VIEWER)
                .get("/api/bulk-actions/" + bulkAction).then().statusCode(200).extract().jsonPath().getString(field)));
    }

    private static long execute(Map<String, Object> request) {
        String token = operator().body(request).post("/api/bulk-actions").then().statusCode(200)
                .extract().jsonPath().getString("confirmToken");
        Map<String, Object> confirmed = new java.util.HashMap<>(request);
        confirmed.put("confirmToken", token);
        return operator().body(confirmed).post("/api/bulk-actions").then().statusCode(202)
                .extract().jsonPath().getLong("id");
    }
}
