package io.mailroom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.fault.FaultProxy;

/**
 * Dispatch's SMTP connections cut mid-stream and in the ambiguous window (the server's reply to the final dot
 * withheld): every recipient still ends SENT, and what Mailroom calls ambiguous is bounded by the cuts the proxy
 * really made — a mail can only be lost or doubled by a cut after its final dot.
 */
class SmtpCutTest {
    static final int MEMBERS = 2_000;

    @Test
    void cutConnectionsAreRetriedAndNobodyIsLost() {
        FaultProxy proxy = E2e.smtpProxy();
        FaultProxy.Cuts before = proxy.cutCounts();
        long campaign;
        JsonNode end;
        // connections are pooled, so cut early in a session's stream: a cut then hits the first mails of it; and
        // cut some sessions right after the server accepted their first mail
        proxy.cutBetween(200, 6000).cutShare(0.05).windowCutShare(0.05);
        try {
            campaign = Campaigns.startCampaign("smtp cuts", MEMBERS);
            end = Campaigns.awaitAllSentDespiteFaults(campaign, MEMBERS, Duration.ofMinutes(6));
        } finally {
            proxy.cutShare(0).windowCutShare(0);
        }
        FaultProxy.Cuts cuts = proxy.cutCounts().since(before);
        Campaigns.Delivery delivery = Campaigns.delivery(campaign, MEMBERS, end);
        System.out.printf("smtp cuts: %d cuts outside the ambiguous window, %d after the final dot; %s%n",
                cuts.outsideWindow(), cuts.afterFinalDot(), delivery);
        assertTrue(cuts.outsideWindow() > 0, "the proxy never cut outside the ambiguous window: proved nothing");
        assertTrue(cuts.afterFinalDot() > 0, "the proxy never cut after a final dot: proved nothing");
        // every cut send is resent, so nobody is lost; only a cut after the final dot can leave the server with a mail
        // the client does not know it sent, so only those can repeat
        assertEquals(0, delivery.lost(), "recipients never mailed despite the resends: " + delivery);
        assertTrue(delivery.duplicates() <= cuts.afterFinalDot(), delivery.duplicates() + " duplicates, but only "
                + cuts.afterFinalDot() + " cuts after a final dot");
        assertTrue(delivery.duplicates() <= delivery.ambiguous(), delivery.duplicates() + " duplicates but only "
                + delivery.ambiguous() + " counted ambiguous");
        // Vert.x Mail reports a connection lost before and after the final dot alike, so dispatch counts every cut
        // send ambiguous (SmtpFailures): each cut costs one send at most, never more
        assertTrue(delivery.ambiguous() <= cuts.total(), delivery.ambiguous() + " counted ambiguous, but only "
                + cuts.total() + " cuts");
    }
}
