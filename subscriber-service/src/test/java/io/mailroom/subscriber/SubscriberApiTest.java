package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.operator;
import static io.mailroom.subscriber.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SubscriberApiTest {

    @Test
    void createsListsAndSubscribersAndPublishesTheirFullState() {
        long single = Api.createList("single");
        long dbl = Api.createList("double");
        String email = "Ada." + unique() + "@Example.COM ";

        var created = operator().body(Map.of("email", email, "name", "Ada", "attributes", Map.of("city", "London"),
                        "lists", List.of(single, dbl)))
                .post("/api/subscribers").then().statusCode(201)
                .body("email", equalTo(email.strip().toLowerCase()))
                .body("status", equalTo("enabled"))
                .body("statusReason", nullValue())
                .body("attributes.city", equalTo("London"))
                .body("lists.status", contains("confirmed", "unconfirmed"))
                .extract().jsonPath();
        long id = created.getLong("id");

        try (TopicProbe topic = new TopicProbe(Topics.SUBSCRIBERS)) {
            SubscriberState state = EventCodec.decode(topic.awaitLatest(id, v -> v != null), SubscriberState.class);
            assertEquals(id, state.subscriberId());
            assertEquals(email.strip().toLowerCase(), state.email());
            assertEquals(SubscriberStatus.ENABLED, state.status());
            assertEquals(List.of(new SubscriberState.Subscription(single, SubscriptionStatus.CONFIRMED, false),
                    new SubscriberState.Subscription(dbl, SubscriptionStatus.UNCONFIRMED, true)), state.subscriptions());

            operator().body(Map.of("status", "blocklisted")).patch("/api/subscribers/" + id).then().statusCode(200)
                    .body("statusReason", equalTo("manual"));
            SubscriberState blocked = EventCodec.decode(
                    topic.awaitLatest(id, v -> v != null && v.contains("blocklisted")), SubscriberState.class);
            assertEquals("manual", blocked.statusReason());
            assertTrue(blocked.revision() > state.revision(), "revision grows with every change");

            // a hard delete is an admin's (AdminActionsTest: an operator's is refused)
            Api.as(Api.ADMIN).delete("/api/subscribers/" + id).then().statusCode(204);
            topic.awaitLatest(id, v -> v == null);
        }
        Api.as(Api.VIEWER).get("/api/audit?subscriber=" + id).then().statusCode(200)
                .body("items.action", contains("subscriber.delete", "subscriber.update", "subscriber.create"))
                .body("items.actor", contains("test-admin", "test-operator", "test-operator"))
                .body("items[1].detail.fields", contains("status"));
        given().header("Authorization", "Bearer " + Api.VIEWER).get("/api/subscribers/" + id).then().statusCode(404);
    }

    @Test
    void refusesBadInputNamingTheFieldAndChangesNothing() {
        long list = Api.createList("single");
        String email = "dup." + unique() + "@example.com";
        Api.createSubscriber(email, List.of(list));

        operator().body(Map.of("email", email.toUpperCase())).post("/api/subscribers").then().statusCode(409)
                .contentType("application/problem+json").body("errors.field", hasItem("email"));
        operator().body(Map.of("email", "not-an-email")).post("/api/subscribers").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("email"));
        String unknownListEmail = "nolist." + unique() + "@example.com";
        operator().body(Map.of("email", unknownListEmail, "lists", List.of(999_999)))
                .post("/api/subscribers").then().statusCode(400).body("errors.field", hasItem("lists"));
        operator().body(Map.of("name", "x")).post("/api/lists").then().statusCode(400)
                .body("errors.field", hasItem("optin"));
        operator().body(Map.of("name", "x", "optin", "triple")).post("/api/lists").then().statusCode(400)
                .body("errors.field", hasItem("optin"));
        Api.as(Api.VIEWER).get("/api/subscribers?email=" + unknownListEmail).then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void requiresATokenAndTheRightRole() {
        given().get("/api/lists").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "optin", "single")).post("/api/lists")
                .then().statusCode(401);
        Api.as(Api.VIEWER).body(Map.of("name", "x", "optin", "single")).post("/api/lists").then().statusCode(403);
        Api.as(Api.VIEWER).get("/api/lists").then().statusCode(200);
    }

    @Test
    void filtersAndCountsBySubscriptionAndSubscriberStatus() {
        long list = Api.createList("single");
        String tag = unique();
        long a = Api.createSubscriber("a." + tag + "@example.com", List.of(list));
        long b = Api.createSubscriber("b." + tag + "@example.com", List.of(list));
        Api.createSubscriber("c." + tag + "@example.com", List.of(list));
        Api.setSubscription(a, list, "unsubscribed");
        operator().body(Map.of("status", "blocklisted")).patch("/api/subscribers/" + b).then().statusCode(200);

        Api.as(Api.VIEWER).get("/api/subscribers?list=" + list + "&subscriptionStatus=unsubscribed").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo((int) a));
        Api.as(Api.VIEWER).get("/api/subscribers?list=" + list + "&status=blocklisted").then()
                .body("total", equalTo(1)).body("items[0].id", equalTo((int) b));
        Api.as(Api.VIEWER).get("/api/subscribers?email=" + tag + "&size=2&page=1").then()
                .body("total", equalTo(3)).body("items.size()", equalTo(1));
        Api.as(Api.VIEWER).get("/api/subscribers?status=bogus").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        Api.as(Api.VIEWER).get("/api/lists/" + list).then().statusCode(200)
                .body("counts.total", equalTo(3))
                .body("counts.subscriptions.confirmed", equalTo(2))
                .body("counts.subscriptions.unsubscribed", equalTo(1))
                .body("counts.subscribers.blocklisted", equalTo(1))
                .body("counts.subscribers.enabled", equalTo(2));
    }
}
