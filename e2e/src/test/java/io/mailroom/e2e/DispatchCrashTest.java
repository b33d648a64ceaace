package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.mailroom.local.suite.Service;
import io.mailroom.local.suite.ServiceProcess;

/** kill -9 of dispatch in the middle of a campaign: after a restart, nobody is lost and duplicates are counted. */
class DispatchCrashTest {
    static final int MEMBERS = 3_000;

    @Test
    void killedMidCampaignAndRestartedLosesNobody() {
        long campaign = Campaigns.startCampaign("dispatch crash", MEMBERS);
        await().atMost(Duration.ofMinutes(3)).until(() -> E2e.operator().campaign(campaign).at("/counts/sent").asInt() >= 300);

        ServiceProcess dispatch = E2e.suite().service(Service.DISPATCH);
        dispatch.kill();
        dispatch.start();
        dispatch.awaitReady(Duration.ofMinutes(2));

        Campaigns.awaitAllSentDespiteFaults(campaign, MEMBERS, Duration.ofMinutes(5));
    }
}
