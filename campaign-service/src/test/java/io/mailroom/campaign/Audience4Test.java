package io.mailroom.campaign;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;

/** Publishes subscriber states the way subscriber-service does, with ids no other test uses. */
final class Audience4Test {
    private static final AtomicLong IDS = new AtomicLong(1_000_000);

    private Audience4Test() {
    }

    static long newId() {
        return IDS.incrementAndGet();
    }

    /** Publishes {@code enabled} confirmed members and {@code blocklisted} members (by a bulk action) of one list. */
    static List<Long> publishList(long listId, int enabled, int blocklisted, long bulkActionId) {
        Map<String, String> records = new LinkedHashMap<>();
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < enabled + blocklisted; i++) {
            long id = newId();
            ids.add(id);
            boolean blocked = i >= enabled;
            SubscriberState s = SubscriberState.of(id, "s" + id + "@example.com", "Sub " + id,
                    Map.of("city", "Lyon"), blocked ? SubscriberStatus.BLOCKLISTED : SubscriberStatus.ENABLED,
                    blocked ? "bulk-action:" + bulkActionId : null,
                    List.of(new SubscriberState.Subscription(listId, SubscriptionStatus.CONFIRMED, false)), 1,
                    Instant.now());
            records.put(String.valueOf(id), EventCodec.encode(s));
        }
        Topics4Test.sendAll(Topics.SUBSCRIBERS, records);
        return ids;
    }

    static void publish(SubscriberState state) {
        Topics4Test.send(Topics.SUBSCRIBERS, String.valueOf(state.subscriberId()), EventCodec.encode(state));
    }
}
