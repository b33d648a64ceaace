package io.mailroom.local.suite;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operator's steps through the public REST API — lists, import, bulk blocklist, preflight, start, progress —
 * shared by {@code ./mailroom demo} and the e2e scenarios so both exercise exactly the same calls.
 */
public final class Operator {
    private final ApiClient api;

    public Operator(ApiClient api) {
        this.api = api;
    }

    public ApiClient api() {
        return api;
    }

    public long createList(String name) {
        return api.post(Service.SUBSCRIBER, "/api/lists", Map.of("name", name, "optin", "single")).ok().get("id")
                .asLong();
    }

    /**
     * Imports {@code total} subscribers into the list through the CSV import; the last {@code otherDomain} of them
     * have addresses at {@code other.example}, the rest at {@code example.com}.
     */
    public void importSubscribers(long listId, String prefix, int total, int otherDomain, Duration timeout) {
        ByteArrayOutputStream csv = new ByteArrayOutputStream(total * 64);
        PrintStream out = new PrintStream(csv, false, StandardCharsets.UTF_8);
        out.print("email,name,attributes\n");
        for (int i = 0; i < total; i++) {
            String domain = i >= total - otherDomain ? "other.example" : "example.com";
            out.printf("%s%d@%s,Subscriber %d,\"{\"\"city\"\":\"\"Lyon\"\",\"\"n\"\":%d}\"%n", prefix, i, domain, i, i);
        }
        out.flush();
        JsonNode accepted = api.postFile(Service.SUBSCRIBER, "/api/imports", "file", "subscribers.csv",
                csv.toByteArray(), Map.of("lists", String.valueOf(listId), "mode", "subscribe", "overwrite", "false"))
                .ok();
        String importId = accepted.get("id").asText();
        JsonNode status = awaitJson(timeout, () -> api.get(Service.SUBSCRIBER, "/api/imports/" + importId).ok(),
                s -> !"running".equals(s.path("status").asText()));
        if (!"finished".equals(status.path("status").asText()) || status.path("imported").asLong() != total) {
            throw new IllegalStateException("import did not import all " + total + " rows: " + status);
        }
    }

    /** Dry run, then confirm, a bulk blocklist of a list's members at one email domain; returns the action id. */
    public long blocklistDomain(long listId, String domain) {
        Map<String, Object> request = Map.of("action", "blocklist",
                "filter", Map.of("list", listId, "emailDomain", domain));
        JsonNode dryRun = api.post(Service.SUBSCRIBER, "/api/bulk-actions", request).ok();
        Map<String, Object> confirmed = new java.util.HashMap<>(request);
        confirmed.put("confirmToken", dryRun.get("confirmToken").asText());
        return api.post(Service.SUBSCRIBER, "/api/bulk-actions", confirmed).ok().get("id").asLong();
    }

    public long createCampaign(long listId, String name) {
        return createCampaign(listId, name, "smtp");
    }

    /** A draft campaign to one list through {@code channel} (smtp | ses), from news@mailroom.test. */
    public long createCampaign(long listId, String name, String channel) {
        return api.post(Service.CAMPAIGN, "/api/campaigns", Map.of("name", name, "channel", channel,
                "subject", "News for {subscriber.name}", "fromEmail", "news@mailroom.test", "lists", List.of(listId),
                "body", "<p>Hello {subscriber.name} in {subscriber.attributes.city}!</p>")).ok().get("id").asLong();
    }

    public JsonNode resume(long campaignId) {
        return api.post(Service.CAMPAIGN, "/api/campaigns/" + campaignId + "/resume", Map.of()).ok();
    }

    /** Waits until the campaign's audience replica has caught up to {@code expected} members, then returns the preflight. */
    public JsonNode preflight(long campaignId, long expected, Duration timeout) {
        return awaitJson(timeout, () -> api.get(Service.CAMPAIGN, "/api/campaigns/" + campaignId + "/preflight").ok(),
                p -> p.path("audience").path("total").asLong() == expected
                        && p.path("replicaLag").asLong(-1) == 0);
    }

    public JsonNode start(long campaignId, List<String> acknowledge) {
        return api.post(Service.CAMPAIGN, "/api/campaigns/" + campaignId + "/start",
                Map.of("acknowledge", acknowledge)).ok();
    }

    public JsonNode campaign(long campaignId) {
        return api.get(Service.CAMPAIGN, "/api/campaigns/" + campaignId).ok();
    }

    /**
     * Polls the campaign until it is finished (or cancelled), handing every snapshot to {@code onProgress};
     * fails if it ends any other way or the time runs out.
     */
    public JsonNode awaitFinished(long campaignId, Duration timeout, Consumer<JsonNode> onProgress) {
        return awaitJson(timeout, () -> {
            JsonNode c = campaign(campaignId);
            onProgress.accept(c);
            return c;
        }, c -> List.of("finished", "cancelled").contains(c.path("status").asText()));
    }

    /** One progress line: sent / skipped / failed / queued, rate and ETA. */
    public static String progressLine(JsonNode c) {
        JsonNode n = c.path("counts");
        return String.format("%-9s sent=%d skipped=%d failed=%d queued=%d total=%d rate=%.0f/s eta=%ss",
                c.path("status").asText(), n.path("sent").asLong(), n.path("skipped").asLong(),
                n.path("failed").asLong(), n.path("queued").asLong(), n.path("total").asLong(),
                c.path("ratePerSecond").asDouble(), c.path("etaSeconds").isNull() ? "?" : c.path("etaSeconds").asText());
    }

    /** The accounting line {@code ./mailroom demo} ends with. */
    public static String resultLine(JsonNode c) {
        JsonNode n = c.path("counts");
        return String.format("RESULT total=%d sent=%d skipped=%d failed=%d", n.path("total").asLong(),
                n.path("sent").asLong(), n.path("skipped").asLong(), n.path("failed").asLong());
    }

    static JsonNode awaitJson(Duration timeout, java.util.function.Supplier<JsonNode> poll,
            java.util.function.Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = poll.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("gave up after " + timeout.toSeconds() + " s; last state: " + last);
    }
}
