package io.mailroom.bench.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;

/** Campaigns for benchmarks: created through the REST API, started, and timed until finished. */
public final class Campaigns {
    private Campaigns() {
    }

    /** A campaign like the demo's on {@code channel} (smtp | ses), with an optional rate limit (msg/s). */
    public static long create(BenchSuite s, long listId, String name, String channel, Integer rateLimit) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "subject", "News for {subscriber.name}",
                "fromEmail", "news@mailroom.test", "lists", List.of(listId), "channel", channel,
                "body", "<p>Hello {subscriber.name} in {subscriber.attributes.city}!</p>"));
        if (rateLimit != null) {
            body.put("rateLimit", rateLimit);
        }
        return s.api().post(Service.CAMPAIGN, "/api/campaigns", body).ok().get("id").asLong();
    }

    /** Waits for the audience replica (preflight total == members, lag 0), then starts the campaign. */
    public static void start(BenchSuite s, long campaignId, long members) {
        s.operator().preflight(campaignId, members, Duration.ofMinutes(30));
        s.operator().start(campaignId, List.of());
    }

    /**
     * Starts the campaign and polls it every 250 ms until finished; returns the seconds from the start request to
     * the first poll that saw it finished. Fails unless exactly {@code members} were sent.
     */
    public static double runToFinish(BenchSuite s, long campaignId, long members, Duration timeout) {
        s.operator().preflight(campaignId, members, Duration.ofMinutes(30));
        long t0 = System.nanoTime();
        s.operator().start(campaignId, List.of());
        long deadline = t0 + timeout.toNanos();
        long lastPrint = t0;
        while (System.nanoTime() < deadline) {
            JsonNode c = s.operator().campaign(campaignId);
            String status = c.path("status").asText();
            if ("finished".equals(status)) {
                double secs = (System.nanoTime() - t0) / 1e9;
                long sent = c.path("counts").path("sent").asLong();
                if (sent != members) {
                    throw new IllegalStateException("campaign " + campaignId + " finished with " + sent + " sent of "
                            + members + ": " + Operator.progressLine(c));
                }
                return secs;
            }
            if (!"running".equals(status)) {
                throw new IllegalStateException("campaign " + campaignId + " is " + status + ": " + c);
            }
            if (System.nanoTime() - lastPrint > 10e9) {
                System.out.println("    " + Operator.progressLine(c));
                lastPrint = System.nanoTime();
            }
            Sleep.millis(250);
        }
        throw new IllegalStateException("campaign " + campaignId + " not finished after " + timeout);
    }
}
