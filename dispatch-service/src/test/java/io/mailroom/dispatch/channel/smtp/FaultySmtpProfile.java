package io.mailroom.dispatch.channel.smtp;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Points dispatch's SMTP channel at the {@link FaultySmtpServer} instead of the stack's GreenMail. */
public class FaultySmtpProfile implements QuarkusTestProfile {
    static final FaultySmtpServer SERVER = new FaultySmtpServer();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mailroom.smtp.servers", "127.0.0.1:" + SERVER.port(), "mailroom.smtp.starttls", "DISABLED");
    }
}
