package io.mailroom.dispatch.channel.smtp;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Points dispatch at Postfix {@code smtp-sink}, with delayed retries of 1 s, 3 s and 10 s (four attempts), long
 * enough for a test to turn a rejecting sink healthy between attempts.
 */
public class SmtpSinkProfile implements QuarkusTestProfile {
    static final SmtpSinkProcess SINK = new SmtpSinkProcess();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mailroom.smtp.servers", "127.0.0.1:" + SINK.port(), "mailroom.smtp.starttls", "DISABLED",
                "mp.messaging.incoming.sends.delayed-retry-topic.topics",
                "mailroom.sends.retry_1000,mailroom.sends.retry_3000,mailroom.sends.retry_10000");
    }
}
