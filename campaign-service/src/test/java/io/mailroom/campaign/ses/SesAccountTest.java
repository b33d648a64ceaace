package io.mailroom.campaign.ses;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SesAccountTest {

    @Test
    void anUnreachableSesGivesAnUnknownQuotaWithTheErrorInsteadOfFailing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SesAccount account = new SesAccount();
        account.endpoint = Optional.of("http://127.0.0.1:" + closedPort);
        account.region = "us-east-1";
        account.accessKey = "test";
        account.secretKey = "test";
        account.timeout = Duration.ofSeconds(5);
        try {
            SesQuota quota = account.quota().await().atMost(Duration.ofSeconds(30));
            assertFalse(quota.known());
            assertNotNull(quota.error());
            assertNull(quota.remaining());
        } finally {
            account.close();
        }
    }
}
