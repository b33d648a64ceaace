package io.mailroom.dispatch.channel.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.mailroom.dispatch.channel.OutgoingMail;
import io.mailroom.dispatch.channel.ProviderException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import software.amazon.awssdk.services.sesv2.SesV2AsyncClient;

/**
 * An SES endpoint that accepts the connection and never answers (a stalled load balancer, a half-open socket): the
 * SendEmail call ends as a transient provider failure within the configured call timeout instead of hanging.
 */
class SesStallTest {
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private ServerSocket silent;
    private SesV2AsyncClient client;

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        for (Socket s : held) {
            s.close();
        }
        if (silent != null) {
            silent.close();
        }
    }

    @Test
    void stalledEndpointIsATransientFailureNotAHang() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // read nothing, answer nothing
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-ses");
        acceptor.setDaemon(true);
        acceptor.start();
        SesConfig config = config(Map.of("mailroom.ses.endpoint", "http://127.0.0.1:" + silent.getLocalPort(),
                "mailroom.ses.api-call-attempt-timeout", "1s", "mailroom.ses.api-call-timeout", "3s"));
        client = new SesClientProducer().client(config);
        SesChannel channel = new SesChannel(client, config, null);
        OutgoingMail mail = new OutgoingMail("news@example.com", null, "ada@example.com", "Hi", "<p>Hi</p>", true,
                "<1.2.0@mailroom>", Map.of(), Map.of("campaign", "1"));

        // the bound is the test's patience, far above the configured 3 s: without a call timeout the SDK waits forever
        Throwable failure = catchThrowable(() -> channel.send(mail).await().atMost(Duration.ofSeconds(60)));

        assertThat(held).as("the SDK reached the silent endpoint").isNotEmpty();
        assertThat(failure).isInstanceOf(ProviderException.class);
        ProviderException provider = (ProviderException) failure;
        assertThat(provider.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
        assertThat(provider.reason()).isEqualTo("ses-transient");
        assertThat(provider.possiblyDelivered()).as("a request sent and never answered may have been accepted")
                .isTrue();
    }

    private static SesConfig config(Map<String, String> properties) {
        // Quarkus' converter reads durations as application.properties does ("5m", "1s")
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(SesConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).withValidateUnknown(false).build();
        return config.getConfigMapping(SesConfig.class);
    }
}
