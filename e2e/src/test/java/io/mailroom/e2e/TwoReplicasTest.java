package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.feedback.testing.LoopbackSnsPeer;
import io.mailroom.feedback.testing.SnsSigner;
import io.mailroom.feedback.testing.TestSigningKey;
import io.mailroom.local.LocalHttp;
import io.mailroom.local.suite.ApiClient;
import io.mailroom.local.suite.MailroomSuite;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;
import io.mailroom.local.suite.ServiceProcess;

/**
 * Two instances of every service at once, as two pods of each Deployment would run: both outbox relays, both
 * fan-out workers, both dispatch consumers and both SNS endpoints work one campaign of 50,000 with a pause, a bulk
 * blocklist and hard bounces in the middle. Totals are exact, nobody is mailed twice, every recipient the blocklist
 * reached in time is skipped, and in the end campaign-service's and dispatch-service's replicas of every member
 * agree with subscriber-service.
 */
class TwoReplicasTest {
    static final int MEMBERS = Integer.getInteger("mailroom.e2e.twins.members", 50_000);
    /** The last members of the import, at {@code other.example}: the bulk blocklist's target. */
    static final int BLOCKED = MEMBERS / 10;
    static final int BOUNCED = 10;

    @Test
    void twoInstancesOfEveryServiceKeepTheAccountingExact() throws Exception {
        MailroomSuite suite = E2e.suite();
        Map<Service, ServiceProcess> twins = startTwins(suite);
        try {
            runCampaignOnBoth(suite, twins);
        } finally {
            // the scenarios after this one expect one instance of each service (crash tests kill "the" dispatch)
            twins.values().parallelStream().forEach(ServiceProcess::stop);
        }
    }

    private static void runCampaignOnBoth(MailroomSuite suite, Map<Service, ServiceProcess> twins) throws Exception {
        Operator first = E2e.operator();
        Operator second = new Operator(new ApiClient(s -> twins.get(s).baseUrl(), suite.adminToken()));

        // every step alternates between the instances, as a load balancer in front of them would
        long list = first.createList("two replicas");
        second.importSubscribers(list, "twins-", MEMBERS, BLOCKED, Duration.ofMinutes(5));
        long campaign = second.createCampaign(list, "two replicas");
        first.preflight(campaign, MEMBERS, Duration.ofMinutes(3));
        second.start(campaign, List.of());

        await().atMost(Duration.ofMinutes(5)).until(() -> E2e.mailsByRecipient(campaign).size() >= MEMBERS / 10);
        first.api().post(Service.CAMPAIGN, "/api/campaigns/" + campaign + "/pause", Map.of()).ok();
        Campaigns.awaitDeliveriesSettled(campaign);

        long action = second.blocklistDomain(list, "other.example");
        List<String> bounced = hardBounceDelivered(campaign, twins.get(Service.FEEDBACK).baseUrl(),
                suite.baseUrl(Service.FEEDBACK));
        // both replicas must have learned the blocklist before dispatch may go on: the skip is the point
        awaitReplicasAgree(list);
        Set<String> deliveredBeforeBlocklist = E2e.mailsByRecipient(campaign).keySet();
        long blockedAlreadyMailed = deliveredBeforeBlocklist.stream().filter(e -> e.endsWith("@other.example")).count();

        first.resume(campaign);
        JsonNode end = second.awaitFinished(campaign, Duration.ofMinutes(10), c -> { });

        assertEquals("finished", end.path("status").asText(), end.toString());
        assertEquals(MEMBERS, end.at("/counts/total").asInt(), end.toString());
        assertEquals(0, end.at("/counts/failed").asInt(), end.toString());
        assertEquals(0, end.at("/counts/queued").asInt(), end.toString());
        assertEquals(BLOCKED - blockedAlreadyMailed, end.at("/skippedByReason/blocklisted").asLong(),
                "every blocklisted member not mailed before bulk action " + action + " is skipped: " + end);
        assertEquals(MEMBERS, end.at("/counts/sent").asInt() + end.at("/counts/skipped").asInt(), end.toString());
        // no fault is injected, yet on a loaded machine an SMTP session can fail at an unknown stage (a missed deadline,
        // a closed connection): that send is retried and counted ambiguous (7 of 50,000 in one run at load 47), and
        // only such a send may reach its recipient twice
        long ambiguous = end.path("ambiguous").asLong();
        Map<String, Integer> received = receivedPerRecipient(campaign);
        long duplicates = E2e.duplicatesOf(campaign);
        int sent = end.at("/counts/sent").asInt();
        System.out.printf("two replicas: %d sent, %d received, %d duplicates, %d ambiguous%n", sent, received.size(),
                duplicates, ambiguous);
        assertTrue(duplicates <= ambiguous, duplicates + " duplicates but only " + ambiguous + " ambiguous");
        assertTrue(received.size() >= sent - ambiguous && received.size() <= sent,
                received.size() + " recipients received mail for " + sent + " SENT (" + ambiguous + " ambiguous)");
        Set<String> skipped = recipients(campaign, "SKIPPED");
        assertEquals(end.at("/counts/skipped").asInt(), skipped.size());
        assertTrue(skipped.stream().allMatch(e -> e.endsWith("@other.example")), "only the blocklisted are skipped");
        assertTrue(skipped.stream().noneMatch(received::containsKey), "a skipped recipient received mail");
        assertTrue(bounced.stream().allMatch(received::containsKey));

        // the bounces and the blocklist landed, and every replica of every member agrees with the owner
        awaitReplicasAgree(list);
        assertEquals(BLOCKED + BOUNCED, E2e.count("subscriber", """
                SELECT count(*) FROM subscribers s JOIN subscriptions m ON m.subscriber_id = s.id
                WHERE m.list_id = %d AND s.status = 'blocklisted'""".formatted(list)));
        for (Service s : Service.values()) {
            assertTrue(twins.get(s).isAlive() && suite.service(s).isAlive(), s + " instance died");
        }
    }

    private static Map<Service, ServiceProcess> startTwins(MailroomSuite suite) {
        Map<Service, CompletableFuture<ServiceProcess>> starting = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            starting.put(s, CompletableFuture.supplyAsync(() -> suite.startTwin(s)));
        }
        Map<Service, ServiceProcess> twins = new EnumMap<>(Service.class);
        starting.forEach((s, f) -> twins.put(s, f.join()));
        return twins;
    }

    /**
     * Signed SNS hard bounces for {@link #BOUNCED} recipients already mailed, posted alternately to both
     * feedback-service instances; returns their addresses.
     */
    private static List<String> hardBounceDelivered(long campaign, String... feedbackUrls) throws Exception {
        List<String> targets = E2e.mailsByRecipient(campaign).keySet().stream()
                .filter(e -> e.endsWith("@example.com")).sorted().limit(BOUNCED).toList();
        assertEquals(BOUNCED, targets.size());
        TestSigningKey key = TestSigningKey.generate();
        // the peer serves the signing certificate from loopback for the rest of the JVM, as in FeedbackLoopTest
        LoopbackSnsPeer peer = LoopbackSnsPeer.start(key.certificatePem());
        SnsSigner signer = new SnsSigner(key.privateKey(), peer.certUrl(), E2e.SNS_TOPIC, "2");
        for (int i = 0; i < targets.size(); i++) {
            String body = signer.notification(UUID.randomUUID().toString(), FeedbackLoopTest.bounce(targets.get(i)));
            String url = feedbackUrls[i % feedbackUrls.length] + "/webhooks/ses";
            HttpRequest post = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "text/plain; charset=UTF-8")
                    .header("x-amz-sns-message-type", "Notification")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            assertEquals(200, LocalHttp.client(Duration.ofSeconds(5))
                    .send(post, HttpResponse.BodyHandlers.discarding()).statusCode(), "feedback instance " + i % 2);
        }
        return targets;
    }

    /**
     * Waits until campaign-service's audience and dispatch-service's suppression replica hold, for every member of
     * the list, the status and revision subscriber-service has (dispatch stores the status in upper case).
     */
    private static void awaitReplicasAgree(long list) {
        Map<Long, String> owner = new TreeMap<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            owner.clear();
            owner.putAll(states("subscriber", """
                    SELECT s.id, s.status || '@' || s.revision FROM subscribers s
                    JOIN subscriptions m ON m.subscriber_id = s.id WHERE m.list_id = %d""".formatted(list)));
            assertEquals(MEMBERS, owner.size());
            assertEquals(owner, states("campaign", """
                    SELECT a.id, a.status || '@' || a.revision FROM audience_subscriber a
                    JOIN audience_subscription m ON m.subscriber_id = a.id WHERE m.list_id = %d""".formatted(list)),
                    "campaign-service's audience replica");
            Map<Long, String> dispatch = states("dispatch", """
                    SELECT subscriber_id, lower(status) || '@' || revision FROM subscriber_replica
                    WHERE NOT deleted AND subscriber_id = ANY('%s'::bigint[])""".formatted(idArray(owner.keySet())));
            assertEquals(owner, dispatch, "dispatch-service's suppression replica");
        });
    }

    private static String idArray(Set<Long> ids) {
        StringBuilder b = new StringBuilder("{");
        for (Long id : ids) {
            b.append(b.length() > 1 ? "," : "").append(id);
        }
        return b.append('}').toString();
    }

    private static Map<String, Integer> receivedPerRecipient(long campaign) {
        Map<String, Integer> received = new TreeMap<>();
        E2e.mailsByRecipient(campaign).forEach((to, mails) -> received.put(to, mails.size()));
        return received;
    }

    private static Set<String> recipients(long campaign, String state) throws SQLException {
        Set<String> emails = new HashSet<>();
        try (Connection c = E2e.database("campaign"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT email FROM campaign_recipient WHERE campaign_id = " + campaign
                        + " AND state = '" + state + "'")) {
            while (rs.next()) {
                emails.add(rs.getString(1));
            }
        }
        return emails;
    }

    private static Map<Long, String> states(String db, String sql) throws SQLException {
        Map<Long, String> out = new TreeMap<>();
        try (Connection c = E2e.database(db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getString(2));
            }
        }
        return out;
    }
}
