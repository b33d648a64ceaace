package io.mailroom.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A shell loop that stops PostgreSQL and moto_server when the JVM owning the stack dies without running its shutdown
 * hook (SIGKILL, a killed Surefire fork). PostgreSQL is detached by pg_ctl and moto would be left to init, so neither
 * notices on its own; the Kafka broker does ({@link io.mailroom.local.broker.BrokerLauncher}). A normal
 * {@link EmbeddedStack#close()} stops the guard first.
 */
final class OrphanGuard implements AutoCloseable {
    private final Process process;

    private OrphanGuard(Process process) {
        this.process = process;
    }

    /**
     * @param postgres the server to stop (by its postmaster.pid, which a restart rewrites) and whose data to delete
     * @param moto moto_server's process, or null without SES
     */
    static OrphanGuard start(Path log, PostgresServer postgres, Process moto) {
        StringBuilder script = new StringBuilder()
                .append("while kill -0 ").append(ProcessHandle.current().pid())
                .append(" 2>/dev/null; do sleep 1; done\n");
        if (moto != null) {
            script.append("kill ").append(moto.pid()).append(" 2>/dev/null\n");
        }
        script.append("pm=$(head -n 1 ").append(quote(postgres.dataDirectory().resolve("postmaster.pid")))
                .append(" 2>/dev/null)\n")
                .append("if [ -n \"$pm\" ]; then kill -INT \"$pm\"; while kill -0 \"$pm\" 2>/dev/null; do sleep 0.2;"
                        + " done; fi\n")
                .append("rm -rf ").append(quote(postgres.ownedDirectory())).append('\n');
        return new OrphanGuard(ChildProcesses.start(List.of("/bin/sh", "-c", script.toString()), log));
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(5));
    }

    private static String quote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
