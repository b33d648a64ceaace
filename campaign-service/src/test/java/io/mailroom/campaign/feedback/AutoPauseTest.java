package io.mailroom.campaign.feedback;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AutoPauseTest {
    final AutoPause rules = rules();

    static AutoPause rules() {
        AutoPause a = new AutoPause();
        a.bounceRate = 0.05;
        a.complaintRate = 0.001;
        a.minSends = 500;
        return a;
    }

    @Test
    void tooFewSendsNeverPause() {
        assertNull(rules.reason(499, 400, 400));
    }

    @Test
    void bounceRateAboveTheLimitPausesAndSaysWhy() {
        assertNull(rules.reason(1000, 50, 0));
        assertTrue(rules.reason(1000, 51, 0).contains("bounce rate 5.10% (51 of 1000 sent)"));
    }

    @Test
    void complaintRateAboveTheLimitPauses() {
        assertNull(rules.reason(1000, 0, 1));
        assertTrue(rules.reason(1000, 0, 2).contains("complaint rate"));
    }
}
