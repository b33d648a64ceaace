package io.mailroom.campaign.testsend;

import java.util.Map;

/** Whom a test mail is rendered as: a subscriber of the audience replica, or the synthetic one (id 0). */
public record Sample(long subscriberId, String name, Map<String, Object> attributes) {
    static final Sample SYNTHETIC = new Sample(0, "Test Recipient", Map.of());
}
