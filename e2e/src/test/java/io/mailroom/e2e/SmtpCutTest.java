package io.mailroom.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.mailroom.local.fault.FaultProxy;

/** 5 % of dispatch's SMTP connections cut mid-stream: every recipient still ends SENT; duplicates are counted. */
class SmtpCutTest {
    static final int MEMBERS = 2_000;

    @Test
    void cutConnectionsAreRetriedAndNobodyIsLost() {
        FaultProxy proxy = E2e.smtpProxy();
        long cutsBefore = proxy.cuts();
        // connections are pooled, so cut early in a session's stream: a cut then hits the first mails of it
        proxy.cutBetween(200, 6000).cutShare(0.05);
        try {
            long campaign = Campaigns.startCampaign("smtp cuts", MEMBERS);
            Campaigns.awaitAllSentDespiteFaults(campaign, MEMBERS, Duration.ofMinutes(6));
        } finally {
            proxy.cutShare(0);
        }
        assertTrue(proxy.cuts() > cutsBefore, "the proxy never cut a connection: the test proved nothing");
    }
}
