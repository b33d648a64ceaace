package io.mailroom.subscriber.state;

import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.Topics;
import io.mailroom.platform.outbox.Tombstones;
import io.mailroom.subscriber.Api;
import io.mailroom.subscriber.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * What replicas rely on to revive a reverted delete: a bulk (soft) delete's tombstone carries the revision the
 * deletion left, the revert's state a higher one; a hard delete's tombstone carries none (final).
 */
@QuarkusTest
class TombstoneRevisionTest {

    @Test
    void aSoftDeletesTombstoneCarriesItsRevisionAndTheRevertsStateIsNewer() {
        long list = Api.createList("single");
        long id = Api.createSubscriber("tomb." + Api.unique() + "@example.com", List.of(list));
        try (TopicProbe probe = new TopicProbe(Topics.SUBSCRIBERS)) {
            long created = revision(probe.awaitLatest(id, v -> v != null));
            Map<String, Object> request = Map.of("action", "delete", "ids", List.of(id));
            JsonPath dry = Api.as(Api.ADMIN).body(request).post("/api/bulk-actions").then().statusCode(200)
                    .extract().jsonPath();
            long bulk = Api.as(Api.ADMIN).body(Map.of("action", "delete", "ids", List.of(id),
                            "confirmToken", dry.getString("confirmToken")))
                    .post("/api/bulk-actions").then().statusCode(lessThan(300)).extract().jsonPath().getLong("id");
            probe.awaitLatest(id, v -> v == null);
            assertEquals(Long.valueOf(created + 1), header(last(probe, id)), "the revision the soft delete left");

            Api.as(Api.ADMIN).post("/api/bulk-actions/" + bulk + "/revert").then().statusCode(lessThan(300));
            long revived = revision(probe.awaitLatest(id, v -> v != null));
            assertEquals(created + 2, revived, "the revert's state is newer than the tombstone");
        }
    }

    @Test
    void aHardDeletesTombstoneCarriesNoRevision() {
        long id = Api.createSubscriber("hard." + Api.unique() + "@example.com", List.of());
        try (TopicProbe probe = new TopicProbe(Topics.SUBSCRIBERS)) {
            probe.awaitLatest(id, v -> v != null);
            Api.as(Api.ADMIN).delete("/api/subscribers/" + id).then().statusCode(204);
            probe.awaitLatest(id, v -> v == null);
            assertNull(header(last(probe, id)), "no revision: final for every replica");
        }
    }

    private static long revision(String state) {
        return EventCodec.decode(state, SubscriberState.class).revision();
    }

    private static ConsumerRecord<String, String> last(TopicProbe probe, long id) {
        List<ConsumerRecord<String, String>> records = probe.records(id);
        return records.get(records.size() - 1);
    }

    private static Long header(ConsumerRecord<String, String> record) {
        Header h = record.headers().lastHeader(Tombstones.REVISION_HEADER);
        return h == null ? null : Long.valueOf(new String(h.value(), StandardCharsets.UTF_8));
    }
}
