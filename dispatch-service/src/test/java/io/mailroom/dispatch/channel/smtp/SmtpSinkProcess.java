package io.mailroom.dispatch.channel.smtp;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mailroom.local.Ports;

/**
 * Postfix's {@code smtp-sink} on one fixed loopback port, restartable with other reject flags ({@code -r RCPT}: soft
 * 4xx reject, {@code -f RCPT}: hard 5xx reject) so a test can switch the peer between faulty and healthy.
 */
final class SmtpSinkProcess implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/smtp-sink";
    private final int port = Ports.resolve(0, "smtp-sink");
    private Process process;

    int port() {
        return port;
    }

    /** (Re)starts the sink with these extra flags and waits until it accepts connections. */
    synchronized void restart(String... flags) {
        close();
        List<String> command = new ArrayList<>(List.of(BINARY, "-u", "nobody", "-c"));
        command.addAll(List.of(flags));
        command.addAll(List.of("127.0.0.1:" + port, "100"));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(this::accepts);
    }

    private boolean accepts() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("smtp-sink exited with " + process.exitValue());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
            process = null;
        }
    }
}
