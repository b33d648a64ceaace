package io.mailroom.local;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** moto_server as the SES v2 endpoint, in its own process, found on the PATH. */
final class SesPeer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final Path log;
    private Process process;
    private SesV2Client client;
    private boolean closed;

    SesPeer(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    synchronized void start() {
        if (closed) {
            throw new StackException("the stack was closed while moto_server was starting");
        }
        Path motoServer = onPath("moto_server").orElseThrow(() -> new StackException(
                "moto_server not found on the PATH: install it (pip install 'moto[server]')"
                        + " or start the stack without SES (withSes(false))"));
        process = ChildProcesses.start(List.of(motoServer.toString(), "-H", Ports.LOOPBACK_HOST, "-p",
                String.valueOf(port)), log);
        ChildProcesses.awaitReady("moto_server on port " + port, process, log, START_TIMEOUT, this::answers);
        client = client(endpoint());
    }

    /** The moto_server process (after {@link #start()}). */
    Process process() {
        return process;
    }

    String endpoint() {
        return "http://" + Ports.LOOPBACK_HOST + ":" + port;
    }

    /** Creates (and, in moto, thereby verifies) an SES identity: an email address or a domain. */
    void verifyIdentity(String emailOrDomain) {
        client.createEmailIdentity(r -> r.emailIdentity(emailOrDomain));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
        if (process != null) {
            ChildProcesses.stop(process, Duration.ofSeconds(5));
        }
    }

    /** An SES v2 client for {@code endpoint} with moto's fake credentials and region. */
    static SesV2Client client(String endpoint) {
        return SesV2Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private boolean answers() {
        if (!Ports.accepts(port)) {
            return false;
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/moto-api/data.json").toURL()
                    .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
