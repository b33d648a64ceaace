package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.operator;
import static io.mailroom.subscriber.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class BulkActionTest {

    @Test
    void mistakenWholeListBlocklistIsConfirmedThenRevertedAndTheTopicCarriesEveryState() {
        long list = Api.createList("single");
        String tag = unique();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(Api.createSubscriber("m" + i + "." + tag + "@example.com", List.of(list)));
        }
        List<Long> unsubscribed = ids.subList(0, 4);
        unsubscribed.forEach(id -> Api.setSubscription(id, list, "unsubscribed"));
        long disabled = ids.get(11);
        operator().body(Map.of("status", "disabled")).patch("/api/subscribers/" + disabled).then().statusCode(200);

        Map<String, Object> unsubscribedFilter = Map.of("list", list, "subscriptionStatus", "unsubscribed");
        JsonPath dry = dryRun("blocklist", unsubscribedFilter).body("matched", equalTo(4))
                .body("sample.size()", equalTo(4)).extract().jsonPath();
        String tokenOfUnsubscribed = dry.getString("confirmToken");

        // the token of the narrow filter does not execute the whole-list filter
        operator().body(Map.of("action", "blocklist", "filter", Map.of("list", list), "confirmToken", tokenOfUnsubscribed))
                .post("/api/bulk-actions").then().statusCode(409);
        operator().body(Map.of("action", "blocklist", "filter", Map.of("list", list), "confirmToken", "garbage"))
                .post("/api/bulk-actions").then().statusCode(400).body("errors.field", hasItem("confirmToken"));
        // nothing changed by the dry runs and the refusals
        Api.as(Api.VIEWER).get("/api/subscribers?list=" + list + "&status=blocklisted").then().body("total", equalTo(0));

        String token = dryRun("blocklist", Map.of("list", list)).body("matched", equalTo(12))
                .extract().jsonPath().getString("confirmToken");
        JsonPath done = operator().body(Map.of("action", "blocklist", "filter", Map.of("list", list), "confirmToken", token))
                .post("/api/bulk-actions").then().statusCode(202).body("affected", equalTo(12)).extract().jsonPath();
        long bulkId = done.getLong("id");

        try (TopicProbe topic = new TopicProbe(Topics.SUBSCRIBERS)) {
            for (long id : ids) {
                SubscriberState state = EventCodec.decode(topic.awaitLatest(id, v -> v != null
                        && v.contains("bulk-action:" + bulkId)), SubscriberState.class);
                assertEquals(SubscriberStatus.BLOCKLISTED, state.status());
                assertEquals("bulk-action:" + bulkId, state.statusReason());
            }
            Api.as(Api.VIEWER).get("/api/bulk-actions/" + bulkId).then().statusCode(200)
                    .body("action", equalTo("blocklist")).body("affected", equalTo(12))
                    .body("actor", equalTo("test-operator")).body("target.filter.list", equalTo((int) list));

            operator().post("/api/bulk-actions/" + bulkId + "/revert").then().statusCode(200)
                    .body("restored", equalTo(12)).body("skipped", equalTo(0));
            operator().post("/api/bulk-actions/" + bulkId + "/revert").then().statusCode(409);

            for (long id : ids) {
                SubscriberState state = EventCodec.decode(topic.awaitLatest(id, v -> v != null
                        && !v.contains("blocklisted")), SubscriberState.class);
                assertEquals(id == disabled ? SubscriberStatus.DISABLED : SubscriberStatus.ENABLED, state.status());
                assertNull(state.statusReason());
                assertEquals(unsubscribed.contains(id) ? SubscriptionStatus.UNSUBSCRIBED : SubscriptionStatus.CONFIRMED,
                        state.subscriptions().get(0).status());
            }
        }
        Api.as(Api.VIEWER).get("/api/bulk-actions/" + bulkId).then().body("revertedAt", notNullValue());
        Api.as(Api.VIEWER).get("/api/audit?subscriber=" + ids.get(5)).then().statusCode(200)
                .body("items.action", hasItems("bulk-action.blocklist", "bulk-action.revert"))
                .body("items.find { it.action == 'bulk-action.blocklist' }.affected", equalTo(12))
                .body("items.find { it.action == 'bulk-action.blocklist' }.actor", equalTo("test-operator"));
    }

    @Test
    void refusesWhenTheMatchedSetChangedSinceTheDryRun() {
        long list = Api.createList("single");
        String tag = unique();
        Api.createSubscriber("a." + tag + "@example.com", List.of(list));
        String token = dryRun("unsubscribe", Map.of("list", list)).body("matched", equalTo(1))
                .extract().jsonPath().getString("confirmToken");
        Api.createSubscriber("b." + tag + "@example.com", List.of(list));
        operator().body(Map.of("action", "unsubscribe", "filter", Map.of("list", list), "confirmToken", token))
                .post("/api/bulk-actions").then().statusCode(409);
        Api.as(Api.VIEWER).get("/api/subscribers?list=" + list + "&subscriptionStatus=unsubscribed").then()
                .body("total", equalTo(0));
    }

    @Test
    void revertLeavesSubscribersChangedSinceAndRestoresListChanges() {
        long list = Api.createList("single");
        long other = Api.createList("double");
        String tag = unique();
        long a = Api.createSubscriber("a." + tag + "@example.com", List.of(list));
        long b = Api.createSubscriber("b." + tag + "@example.com", List.of(list));

        long blockId = execute("blocklist", Map.of("ids", List.of(a, b)));
        // unblocklisting by hand is an admin's (AdminActionsTest)
        Api.as(Api.ADMIN).body(Map.of("status", "enabled")).patch("/api/subscribers/" + a).then().statusCode(200);
        operator().post("/api/bulk-actions/" + blockId + "/revert").then().statusCode(200)
                .body("restored", equalTo(1)).body("skipped", equalTo(1));
        Api.as(Api.VIEWER).get("/api/subscribers/" + a).then().body("statusReason", equalTo(null));
        Api.as(Api.VIEWER).get("/api/subscribers/" + b).then().body("status", equalTo("enabled"));

        long addId = execute("add-lists", Map.of("ids", List.of(a, b), "lists", List.of(other)));
        Api.as(Api.VIEWER).get("/api/subscribers/" + a).then().body("lists.id", hasItem((int) other));
        long unsubId = execute("unsubscribe", Map.of("ids", List.of(a), "lists", List.of()));
        Api.as(Api.VIEWER).get("/api/subscribers?list=" + list + "&subscriptionStatus=unsubscribed&email=" + tag)
                .then().body("total", equalTo(1));
        operator().post("/api/bulk-actions/" + unsubId + "/revert").then().statusCode(200).body("restored", equalTo(1));
        Api.as(Api.VIEWER).get("/api/subscribers/" + a).then()
                .body("lists.find { it.id == " + list + " }.status", equalTo("confirmed"))
                .body("lists.find { it.id == " + other + " }.status", equalTo("unconfirmed"));
        // a changed since add-lists (the unsubscribe and its revert): only b is restored
        operator().post("/api/bulk-actions/" + addId + "/revert").then().statusCode(200)
                .body("restored", equalTo(1)).body("skipped", equalTo(1));
        Api.as(Api.VIEWER).get("/api/subscribers/" + a).then().body("lists.size()", equalTo(2));
        Api.as(Api.VIEWER).get("/api/subscribers/" + b).then().body("lists.id", equalTo(List.of((int) list)));

        try (TopicProbe topic = new TopicProbe(Topics.SUBSCRIBERS)) {
            long deleteId = execute("delete", Map.of("ids", List.of(a, b)));
            Api.as(Api.VIEWER).get("/api/subscribers/" + b).then().statusCode(404);
            topic.awaitLatest(a, v -> v == null);
            topic.awaitLatest(b, v -> v == null);
            operator().post("/api/bulk-actions/" + deleteId + "/revert").then().statusCode(200)
                    .body("restored", equalTo(2));
            Api.as(Api.VIEWER).get("/api/subscribers/" + b).then().statusCode(200).body("lists.id", hasItem((int) list));
            assertEquals(b, EventCodec.decode(topic.awaitLatest(b, v -> v != null), SubscriberState.class)
                    .subscriberId());
        }
    }

    private static io.restassured.response.ValidatableResponse dryRun(String action, Map<String, Object> filter) {
        return operator().body(Map.of("action", action, "filter", filter)).post("/api/bulk-actions").then()
                .statusCode(200);
    }

    /**
     * Dry run and execution of a request (ids or filter, lists) in one go, by an operator (by an admin for the
     * admin-only delete and unblocklist); returns the bulk action id.
     */
    private static long execute(String action, Map<String, Object> target) {
        Map<String, Object> body = new java.util.HashMap<>(target);
        body.put("action", action);
        String token = List.of("delete", "unblocklist").contains(action) ? Api.ADMIN : Api.OPERATOR;
        String confirm = Api.as(token).body(body).post("/api/bulk-actions").then().statusCode(200)
                .extract().jsonPath().getString("confirmToken");
        body.put("confirmToken", confirm);
        return Api.as(token).body(body).post("/api/bulk-actions").then().statusCode(202).extract().jsonPath()
                .getLong("id");
    }
}
