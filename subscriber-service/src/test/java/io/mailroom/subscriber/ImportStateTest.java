package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.Topics;
import io.mailroom.subscriber.state.SubscriberStates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** What an import publishes on mailroom.subscribers: for every written row, exactly its state as committed. */
@QuarkusTest
class ImportStateTest {
    @Inject
    Pool pool;

    @Inject
    SubscriberStates states;

    @Test
    void everyImportedRowPublishesExactlyItsCommittedState() {
        long single = Api.createList("single");
        long dbl = Api.createList("double");
        long other = Api.createList("single");
        String tag = unique();
        long existing = Api.createSubscriber("old." + tag + "@example.com", List.of(other));
        StringBuilder csv = new StringBuilder("email,name,attributes\n");
        for (int i = 0; i < 30; i++) {
            csv.append("st").append(i).append('.').append(tag).append("@example.com,Name ").append(i)
                    .append(",\"{\"\"n\"\":").append(i).append(",\"\"big\"\":1.50,\"\"tags\"\":[\"\"a\"\"]}\"\n");
        }
        // no name nor attributes; a name and attributes JSON must escape (a name may not hold a control character
        // since issue 14, so the tab is in an attribute: JSON's \t in the file, a real tab in the state)
        csv.append("bare.").append(tag).append("@example.com,,\n");
        csv.append("esc.").append(tag)
                .append("@example.com,\"Zoë \"\"Q\"\" \\ /\",\"{\"\"q\"\":\"\"\\\"\"\\t\"\"}\"\n");
        csv.append("old.").append(tag).append("@example.com,Renamed,\n");
        JsonPath result = ImportTest.runImport(csv.toString(), single + "," + dbl, "subscribe", "true");
        assertEquals(33, result.getLong("imported"));
        String blocked = "email,name,attributes\nblk." + tag + "@example.com,Blocked,\n";
        assertEquals(1, ImportTest.runImport(blocked, single, "blocklist", "false").getLong("imported"));

        List<Long> ids = Api.as(Api.VIEWER).get("/api/subscribers?email=." + tag + "@&size=100").then().statusCode(200)
                .extract().jsonPath().getList("items.id", Long.class);
        assertEquals(34, ids.size());
        try (TopicProbe topic = new TopicProbe(Topics.SUBSCRIBERS)) {
            for (long id : ids) {
                SubscriberState committed = states.load(pool, id).await().indefinitely().toState();
                SubscriberState published = EventCodec.decode(topic.awaitLatest(id,
                        v -> v != null && v.contains("\"revision\":" + committed.revision())), SubscriberState.class);
                assertEquals(committed, published);
            }
        }
        SubscriberState old = states.load(pool, existing).await().indefinitely().toState();
        assertEquals("Renamed", old.name());
        assertEquals(List.of(single, dbl, other).stream().sorted().toList(),
                old.subscriptions().stream().map(SubscriberState.Subscription::listId).toList());
    }
}
