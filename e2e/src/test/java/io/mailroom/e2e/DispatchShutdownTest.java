package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.suite.Service;
import io.mailroom.local.suite.ServiceProcess;

/**
 * SIGTERM of dispatch in the middle of a campaign, as a rolling update or a scale-down sends it: the sends in flight
 * finish and are recorded before the JVM leaves (no SIGKILL needed), so after a restart nobody is lost, nobody is
 * mailed twice and nothing is ambiguous.
 */
class DispatchShutdownTest {
    static final int MEMBERS = 3_000;

    @Test
    void sigtermMidCampaignLosesNobodyDuplicatesNobodyAndLeavesNothingAmbiguous() {
        long campaign = Campaigns.startCampaign("dispatch sigterm", MEMBERS);
        await().atMost(Duration.ofMinutes(3))
                .until(() -> E2e.operator().campaign(campaign).at("/counts/sent").asInt() >= 300);

        ServiceProcess dispatch = E2e.suite().service(Service.DISPATCH);
        // deploy/k8s gives dispatch 50 s of grace (preStop 5 s + 2 x quarkus.shutdown.timeout 20 s + 5 s)
        IllegalStateException unclean = null;
        try {
            dispatch.terminate(Duration.ofSeconds(45));
        } catch (IllegalStateException e) {
            unclean = e;
        }
        int delivered = E2e.mailsByRecipient(campaign).size();
        // started again either way, so that the tests after this one have a dispatch
        dispatch.start();
        dispatch.awaitReady(Duration.ofMinutes(3));
        if (unclean != null) {
            throw unclean;
        }
        assertTrue(delivered < MEMBERS, "the campaign was over before the SIGTERM: " + delivered + " delivered");

        JsonNode end = Campaigns.awaitAllSentDespiteFaults(campaign, MEMBERS, Duration.ofMinutes(5));
        assertEquals(0, end.get("ambiguous").asLong(), end.toString());
        assertEquals(MEMBERS, E2e.mailsByRecipient(campaign).size(), "recipients mailed");
        assertEquals(0, E2e.duplicatesOf(campaign), "duplicates");
    }
}
