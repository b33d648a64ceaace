package io.mailroom.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL from the distribution's binaries (initdb + pg_ctl), in a fresh data directory under /tmp. */
final class DebianPostgres implements PostgresServer {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final Path log;
    private final Path clusterDir;
    private final int port;
    private final String user;
    private final String password;
    private final List<String> asPostgres;
    private boolean running;

    private DebianPostgres(Path binaries, Path log, Path clusterDir, int port, String user, String password,
                           List<String> asPostgres) {
        this.binaries = binaries;
        this.log = log;
        this.clusterDir = clusterDir;
        this.port = port;
        this.user = user;
        this.password = password;
        this.asPostgres = asPostgres;
    }

    static boolean available(Path binaries) {
        return List.of("initdb", "pg_ctl", "postgres").stream().allMatch(b -> Files.isExecutable(binaries.resolve(b)));
    }

    /**
     * Runs initdb and starts the server. The cluster lives under /tmp, not in the work directory: PostgreSQL
     * refuses to run as root, so as root it runs as {@code postgres}, which must be able to traverse every parent.
     */
    static DebianPostgres start(Path binaries, Path log, int port, String user, String password) {
        List<String> asPostgres = isRoot() ? List.of("runuser", "-u", "postgres", "--") : List.of();
        Path clusterDir = createClusterDir(!asPostgres.isEmpty());
        DebianPostgres server = new DebianPostgres(binaries, log, clusterDir, port, user, password, asPostgres);
        try {
            server.initdb();
            server.pgCtl("start");
        } catch (RuntimeException e) {
            server.deleteClusterDir();
            throw e;
        }
        server.running = true;
        return server;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String superuser() {
        return user;
    }

    @Override
    public String superuserPassword() {
        return password;
    }

    @Override
    public Path dataDirectory() {
        return dataDir();
    }

    @Override
    public Path ownedDirectory() {
        return clusterDir;
    }

    @Override
    public synchronized void restart() {
        pgCtl("restart");
        running = true;
    }

    @Override
    public synchronized void pause() {
        if (running) {
            pgCtl("stop");
            running = false;
        }
    }

    @Override
    public synchronized void resume() {
        if (!running) {
            pgCtl("start");
            running = true;
        }
    }

    @Override
    public synchronized void close() {
        if (running) {
            running = false;
            pgCtl("stop");
        }
        deleteClusterDir();
    }

    private void initdb() {
        Path pwfile = clusterDir.resolve("pwfile");
        try {
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            ownByPostgres(pwfile);
            ChildProcesses.run(command(binaries.resolve("initdb").toString(), "-D", dataDir().toString(), "-U", user,
                    "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
                    log, TIMEOUT);
        } catch (IOException e) {
            throw new StackException("cannot write " + pwfile + ": " + e.getMessage(), e);
        } finally {
            FileTrees.delete(pwfile);
        }
    }

    private void pgCtl(String action) {
        String options = "-p " + port + " -k " + clusterDir + " -c listen_addresses=" + Ports.LOOPBACK_HOST
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        List<String> args = new ArrayList<>(List.of(binaries.resolve("pg_ctl").toString(), "-D", dataDir().toString(),
                "-w", "-t", String.valueOf(TIMEOUT.toSeconds())));
        if (!action.equals("stop")) {
            args.addAll(List.of("-o", options));
        }
        if (!action.equals("start")) {
            args.addAll(List.of("-m", "fast"));
        }
        args.add(action);
        ChildProcesses.run(command(args.toArray(String[]::new)), log, TIMEOUT.plusSeconds(10));
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(asPostgres);
        command.addAll(List.of(args));
        return command;
    }

    private Path dataDir() {
        return clusterDir.resolve("data");
    }

    private static Path createClusterDir(boolean forPostgresUser) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "mailroom-pg-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (forPostgresUser) {
                ownByPostgres(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new StackException("cannot create a PostgreSQL directory under /tmp: " + e.getMessage(), e);
        }
    }

    private static void ownByPostgres(Path path) throws IOException {
        UserPrincipal postgres;
        try {
            postgres = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        } catch (UserPrincipalNotFoundException e) {
            throw new StackException("running as root, PostgreSQL must run as user 'postgres', which does not exist:"
                    + " install postgresql-15 (apt-get install -y postgresql-15) or run as another user", e);
        }
        Files.setOwner(path, postgres);
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell whether this process runs as root", e);
        }
    }

    private void deleteClusterDir() {
        FileTrees.delete(clusterDir);
    }
}
