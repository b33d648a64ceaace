package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.suite.Operator;

/** Campaign set-ups and the accounting checks every fault scenario ends with. */
final class Campaigns {
    private Campaigns() {
    }

    /** A running campaign to {@code members} fresh, sendable subscribers; returns its id. */
    static long startCampaign(String name, int members) {
        long campaign = draftCampaign(name, members);
        E2e.operator().start(campaign, List.of());
        return campaign;
    }

    /** A draft campaign whose audience (of {@code members} fresh subscribers) campaign-service already knows. */
    static long draftCampaign(String name, int members) {
        return draftCampaign(name, members, "smtp");
    }

    /** As {@link #draftCampaign(String, int)}, through {@code channel}; members' addresses start with {@link #prefix}. */
    static long draftCampaign(String name, int members, String channel) {
        Operator op = E2e.operator();
        long list = op.createList(name);
        op.importSubscribers(list, prefix(name), members, 0, Duration.ofMinutes(3));
        long campaign = op.createCampaign(list, name, channel);
        op.preflight(campaign, members, Duration.ofMinutes(3));
        return campaign;
    }

    /**
     * Mail handed to dispatch before a pause may still arrive: waits until the inbox holds the same number of the
     * campaign's recipients two polls (2 s) in a row, and returns that number.
     */
    static int awaitDeliveriesSettled(long campaign) {
        int[] settled = {-1};
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    int now = E2e.mailsByRecipient(campaign).size();
                    boolean stable = now == settled[0];
                    settled[0] = now;
                    return stable;
                });
        return settled[0];
    }

    /** The address prefix of the members {@link #draftCampaign} imports for a campaign named {@code name}. */
    static String prefix(String name) {
        return name.replaceAll("[^a-z0-9]", "") + "-";
    }

    /**
     * The promises after a fault: finished, every recipient SENT (nobody lost, nobody failed), and the SMTP server's
     * truth agrees — each recipient received at least once unless its send was counted ambiguous, and any duplicate
     * is covered by the ambiguous count.
     */
    static JsonNode awaitAllSentDespiteFaults(long campaign, int members, Duration timeout) {
        JsonNode end = E2e.operator().awaitFinished(campaign, timeout, c -> { });
        assertEquals("finished", end.get("status").asText(), end.toString());
        assertEquals(members, end.at("/counts/total").asInt(), end.toString());
        assertEquals(members, end.at("/counts/sent").asInt(), end.toString());
        assertEquals(0, end.at("/counts/failed").asInt(), end.toString());
        Delivery delivery = delivery(campaign, members, end);
        System.out.printf("campaign %d: %d recipients, %d delivered, %d duplicates, %d ambiguous%n", campaign, members,
                delivery.delivered(), delivery.duplicates(), delivery.ambiguous());
        assertTrue(delivery.lost() <= delivery.ambiguous(), "lost recipients: only " + delivery.delivered()
                + " delivered, " + delivery.ambiguous() + " ambiguous");
        assertTrue(delivery.duplicates() <= delivery.ambiguous(), delivery.duplicates() + " duplicates but only "
                + delivery.ambiguous() + " counted ambiguous");
        return end;
    }

    /**
     * A finished campaign's truth beside its accounting: recipients the SMTP server received at least once, extra
     * copies it received, and the sends Mailroom counted ambiguous ({@code ambiguous} of the campaign).
     */
    record Delivery(long members, long delivered, long duplicates, long ambiguous) {
        /** Recipients the SMTP server never received. */
        long lost() {
            return members - delivered;
        }
    }

    static Delivery delivery(long campaign, int members, JsonNode end) {
        return new Delivery(members, E2e.mailsByRecipient(campaign).size(), E2e.duplicatesOf(campaign),
                end.get("ambiguous").asLong());
    }
}
