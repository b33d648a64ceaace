package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.suite.Service;
import io.mailroom.local.suite.ServiceProcess;
import io.mailroom.local.suite.SuiteConfig;

/**
 * kill -9 of dispatch in the middle of a campaign: after a restart, nobody is lost, duplicates are counted, and what
 * is counted ambiguous is bounded by the sends the killed instance can have had in flight.
 */
class DispatchCrashTest {
    static final int MEMBERS = 3_000;

    @Test
    void killedMidCampaignAndRestartedLosesNobody() throws Exception {
        long campaign = Campaigns.startCampaign("dispatch crash", MEMBERS);
        await().atMost(Duration.ofMinutes(3))
                .until(() -> E2e.operator().campaign(campaign).at("/counts/sent").asInt() >= 300);

        ServiceProcess dispatch = E2e.suite().service(Service.DISPATCH);
        JsonNode status = E2e.operator().api().get(Service.DISPATCH, "/api/dispatch/status").ok();
        assertStillRunning(E2e.operator().campaign(campaign), "before the kill");
        dispatch.kill();
        assertStillRunning(E2e.operator().campaign(campaign), "after the kill");
        // what the killed instance had claimed and not finished: nothing changes these rows until the restart
        long sendingAtKill = E2e.count("dispatch",
                "SELECT count(*) FROM send_log WHERE state = 'SENDING' AND campaign_id = " + campaign);
        dispatch.start();
        dispatch.awaitReady(Duration.ofMinutes(2));

        JsonNode end = Campaigns.awaitAllSentDespiteFaults(campaign, MEMBERS, Duration.ofMinutes(5));
        // a send claimed at the kill is resent after the restart (ambiguous-policy resend): nobody is lost
        assertEquals(MEMBERS, E2e.mailsByRecipient(campaign).size(), "members who never received the campaign");
        // Only a send whose send-log row was SENDING at the kill can be found ambiguous after it. Such a row holds
        // one of the instance's in-flight slots from its claim until its outcome is committed, so the slots are the
        // bound. The status' inFlight (provider calls running) read just before the kill is not one: it counts
        // neither the sends that were writing their outcome nor those that started between the read and the kill.
        int limit = inFlightLimit();
        long ambiguous = end.get("ambiguous").asLong();
        System.out.printf("dispatch crash: %d ambiguous; %d sends SENDING at the kill, %d provider calls in flight "
                + "just before it, %d in-flight slots%n", ambiguous, sendingAtKill, status.get("inFlight").asInt(),
                limit);
        assertTrue(ambiguous <= sendingAtKill, ambiguous + " counted ambiguous, but only " + sendingAtKill
                + " sends were SENDING when dispatch was killed");
        assertTrue(ambiguous <= limit, ambiguous + " counted ambiguous, but the killed instance had only " + limit
                + " sends in flight at most");
    }

    /** The campaign was still sending: the kill fell in the middle of it, not after its end. */
    private static void assertStillRunning(JsonNode campaign, String when) {
        assertEquals("running", campaign.get("status").asText(), when + ": " + campaign);
        assertTrue(campaign.at("/counts/queued").asInt() > 0, when + ": nothing queued any more: " + campaign);
    }

    /**
     * The dispatch instance's in-flight slots, {@code mailroom.dispatch.in-flight-per-consumer} times the sends
     * channel's {@code concurrency} (SendsConsumer), as its application.properties sets them (the e2e suite does
     * not override them). Read from the file rather than hard-coded, so that tuning them does not break the bound.
     */
    private static int inFlightLimit() {
        Path file = SuiteConfig.findProjectRoot().resolve("dispatch-service/src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return intProperty(properties, "mailroom.dispatch.in-flight-per-consumer", 16)
                * intProperty(properties, "mp.messaging.incoming.sends.concurrency", 1);
    }

    // the suite runs the services in the prod profile
    private static int intProperty(Properties properties, String name, int defaultValue) {
        String value = properties.getProperty("%prod." + name, properties.getProperty(name));
        return value == null ? defaultValue : Integer.parseInt(value.trim());
    }
}
