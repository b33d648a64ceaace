package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.ListCommand;
import io.mailroom.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ListCommandTest {

    @Test
    void aCommandRedeliveredThreeTimesHasOneEffect() {
        long list = Api.createList("single");
        String email = "cmd." + unique() + "@example.com";
        String subscribe = EventCodec.encode(ListCommand.of("sub-" + email, ListCommand.Command.SUBSCRIBE, email, "Cee",
                Map.of("plan", "pro"), List.of(list), null, "test", Instant.now()));
        for (int i = 0; i < 3; i++) {
            KafkaSend.send(Topics.LIST_COMMANDS, email, subscribe);
        }
        // same key, same partition: once the next command shows, the three deliveries were consumed
        KafkaSend.send(Topics.LIST_COMMANDS, email, EventCodec.encode(ListCommand.of("unsub-" + email,
                ListCommand.Command.UNSUBSCRIBE, email, null, null, List.of(), "one-click", "test", Instant.now())));
        JsonPath subscriber = await().atMost(Duration.ofSeconds(30)).until(
                () -> Api.as(Api.VIEWER).get("/api/subscribers?email=" + email).then().extract().jsonPath(),
                p -> p.getInt("total") == 1 && "unsubscribed".equals(p.getString("items[0].lists[0].status")));
        long id = subscriber.getLong("items[0].id");
        assertEquals(2, subscriber.getLong("items[0].revision"), "created once, changed once");
        assertEquals("pro", subscriber.getString("items[0].attributes.plan"));
        Api.as(Api.VIEWER).get("/api/audit?subscriber=" + id + "&action=list-command.subscribe").then()
                .body("total", equalTo(1)).body("items[0].actor", equalTo("list-command:test"));
    }

    @Test
    void poisonGoesToTheDeadLetterTopicWithItsReasonAndTheNextCommandIsApplied() {
        long list = Api.createList("double");
        String email = "dlq." + unique() + "@example.com";
        KafkaSend.send(Topics.LIST_COMMANDS, email, "{not json");
        KafkaSend.send(Topics.LIST_COMMANDS, email, EventCodec.encode(ListCommand.of("bad-list-" + email,
                ListCommand.Command.SUBSCRIBE, email, null, null, List.of(987_654L), null, "test", Instant.now())));
        KafkaSend.send(Topics.LIST_COMMANDS, email, EventCodec.encode(ListCommand.of("ok-" + email,
                ListCommand.Command.SUBSCRIBE, email, null, null, List.of(list), null, "test", Instant.now())));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Api.as(Api.VIEWER)
                .get("/api/subscribers?email=" + email).then().body("total", equalTo(1))
                .body("items[0].lists[0].status", equalTo("unconfirmed")));
        try (TopicProbe dlq = new TopicProbe(Topics.LIST_COMMANDS_DLQ)) {
            dlq.awaitUntil(() -> dlq.records(email).size() == 2);
            var records = dlq.records(email);
            assertEquals("{not json", records.get(0).value());
            assertTrue(reason(records.get(0)).contains("not JSON"), reason(records.get(0)));
            assertTrue(reason(records.get(1)).contains("987654"), reason(records.get(1)));
        }
    }

    @Test
    void aCommandNamingTheSubscriberIdAppliesToItAfterAnEmailChangeNotToTheAddressNewOwner() {
        long list = Api.createList("single");
        String old = "moved." + unique() + "@example.com";
        long moved = Api.createSubscriber(old, List.of(list));
        Api.operator().body(Map.of("email", "new." + old)).patch("/api/subscribers/" + moved).then().statusCode(200);
        long newOwner = Api.createSubscriber(old, List.of(list));
        // a one-click link mailed to the old address before the change: the token names the subscriber
        KafkaSend.send(Topics.LIST_COMMANDS, old, EventCodec.encode(ListCommand.unsubscribe("unsub-id-" + old, moved,
                old, List.of(list), "one-click", "test", Instant.now())));

        await().atMost(Duration.ofSeconds(30)).until(() -> "unsubscribed".equals(listStatus(moved))
                || "unsubscribed".equals(listStatus(newOwner)));
        assertEquals("unsubscribed", listStatus(moved), "the subscriber the command names");
        assertEquals("confirmed", listStatus(newOwner), "whoever has the address now is not touched");
    }

    private static String listStatus(long subscriber) {
        return Api.as(Api.VIEWER).get("/api/subscribers/" + subscriber).then().statusCode(200).extract().jsonPath()
                .getString("lists[0].status");
    }

    private static String reason(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("dead-letter-reason");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
