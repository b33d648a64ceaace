package io.mailroom.local.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The SES fault proxy counts a SendEmail it could not answer, and only such a call. */
class SesFaultProxyTest {
    private static final String SEND_EMAIL = "/v2/email/outbound-emails";
    private static final String BODY = "{\"Destination\":{\"ToAddresses\":[\"a@example.test\"]}}";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aSendEmailWhosePeerAnswerIsLostIsUnansweredAndARefusalIsNot() throws Exception {
        // a peer that is gone: the call reaches the proxy, the peer's answer never comes back
        int gone;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            gone = socket.getLocalPort();
        }
        try (SesFaultProxy proxy = SesFaultProxy.start(0, "http://127.0.0.1:" + gone)) {
            assertThrows(IOException.class, () -> sendEmail(proxy));
            assertEquals(1, proxy.unansweredSends());

            // a refusal the proxy makes itself is an answer: the client knows the mail was not sent
            proxy.throttleEvery(1);
            assertEquals(429, sendEmail(proxy).statusCode());
            assertEquals(1, proxy.unansweredSends());
            assertEquals(2, proxy.sendCalls());
        }
    }

    private HttpResponse<String> sendEmail(SesFaultProxy proxy) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.endpoint() + SEND_EMAIL))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
