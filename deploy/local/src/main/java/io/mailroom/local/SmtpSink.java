package io.mailroom.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Postfix's {@code smtp-sink} on a loopback port: accepts and discards mail as fast as SMTP allows, or, with its own
 * options, rejects chosen commands ({@code -r RCPT}: 4xx soft reject, {@code -f RCPT}: 5xx hard reject).
 */
public final class SmtpSink implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/smtp-sink";

    private final Process process;
    private final int port;

    private SmtpSink(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code smtp-sink -u nobody -c 127.0.0.1:<free port> 1000}, output to {@code log}; waits until it accepts. */
    public static SmtpSink start(Path log) {
        return start(Ports.resolve(0, "smtp-sink"), log, List.of());
    }

    /** As {@link #start(Path)}, on {@code port}, with smtp-sink's {@code options} (e.g. {@code -r RCPT}). */
    public static SmtpSink start(int port, Path log, List<String> options) {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install postfix (echo \"postfix "
                    + "postfix/main_mailer_type select No configuration\" | debconf-set-selections; "
                    + "DEBIAN_FRONTEND=noninteractive apt-get install -y postfix)");
        }
        List<String> command = new ArrayList<>(List.of(BINARY, "-u", "nobody", "-c"));
        command.addAll(options);
        command.addAll(List.of("127.0.0.1:" + port, "1000"));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p = ChildProcesses.start(command, log);
        ChildProcesses.awaitReady("smtp-sink on port " + port, p, log, Duration.ofSeconds(10), () -> Ports.accepts(port));
        return new SmtpSink(p, port);
    }

    public int port() {
        return port;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(5));
    }
}
