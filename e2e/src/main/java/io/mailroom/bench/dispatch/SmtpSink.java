package io.mailroom.bench.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.mailroom.bench.core.Sleep;
import io.mailroom.local.Ports;

/** Postfix's {@code smtp-sink} on a loopback port: accepts and discards mail as fast as SMTP allows. */
public final class SmtpSink implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/smtp-sink";

    private final Process process;
    private final int port;

    private SmtpSink(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code smtp-sink -u nobody -c 127.0.0.1:<port> 1000}, output to {@code log}; waits until it accepts. */
    public static SmtpSink start(Path log) {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install postfix (echo \"postfix "
                    + "postfix/main_mailer_type select No configuration\" | debconf-set-selections; "
                    + "DEBIAN_FRONTEND=noninteractive apt-get install -y postfix)");
        }
        int port = Ports.resolve(0, "smtp-sink");
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(List.of(BINARY, "-u", "nobody", "-c", "127.0.0.1:" + port, "1000"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            SmtpSink sink = new SmtpSink(p, port);
            sink.awaitListening();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() {
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("smtp-sink exited with " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Sleep.millis(100);
            }
        }
        throw new IllegalStateException("smtp-sink does not accept on port " + port);
    }

    public int port() {
        return port;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
