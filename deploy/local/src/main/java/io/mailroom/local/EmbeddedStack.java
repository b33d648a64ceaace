package io.mailroom.local;

import io.mailroom.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Real Kafka, PostgreSQL, SMTP (+ its HTTP API) and SES peers on loopback; {@link #close()} stops them all.
 *
 * <p>Child processes are stopped by {@link #close()}, which also runs as a JVM shutdown hook.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedStack.class.getName());
    private static final String DB_USER = "mailroom";

    private final StackConfig config;
    private final Path workDir;
    private final String dbPassword = generatePassword();
    private final Thread shutdownHook = new Thread(this::close, "mailroom-stack-shutdown");
    private final Object lifecycle = new Object();
    private boolean closed;

    private KafkaBroker kafka;
    private PostgresServer postgres;
    private SmtpServer smtp;
    private MailApi mailApi;
    private SesPeer ses;
    private OrphanGuard guard;

    private EmbeddedStack(StackConfig config, Path workDir) {
        this.config = config;
        this.workDir = workDir;
    }

    /**
     * Starts every component and returns once all of them answer.
     *
     * @throws StackException with an actionable message when a port is taken or a component cannot start;
     *                        whatever had started is stopped again
     */
    public static EmbeddedStack start(StackConfig cfg) {
        long started = System.nanoTime();
        // Explicit ports are checked before anything starts, so a taken port fails fast and names its option.
        PortPlan ports = PortPlan.resolve(cfg);
        EmbeddedStack stack = new EmbeddedStack(cfg, createWorkDir(cfg.workDir()));
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startComponents(ports);
        } catch (RuntimeException e) {
            try {
                stack.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Mailroom stack started in {0} ms, work directory {1}",
                (System.nanoTime() - started) / 1_000_000, stack.workDir);
        return stack;
    }

    private void startComponents(PortPlan ports) {
        synchronized (lifecycle) {
            kafka = new KafkaBroker(workDir.resolve("kafka"), workDir.resolve("kafka.log"), ports.kafka(),
                    ports.kafkaController(), Topics.ALL);
            smtp = new SmtpServer(ports.smtp());
            mailApi = new MailApi(smtp.inbox(), ports.mailApi());
            ses = config.withSes() ? new SesPeer(ports.ses(), workDir.resolve("moto.log")) : null;
        }
        // Kafka (its own JVM) and moto start in the background while PostgreSQL and SMTP come up here.
        ExecutorService background = Executors.newFixedThreadPool(2, r -> new Thread(r, "mailroom-stack-start"));
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        try {
            pending.add(CompletableFuture.runAsync(kafka::start, background));
            if (ses != null) {
                pending.add(CompletableFuture.runAsync(ses::start, background));
            }
            startPostgres(ports.postgres());
            smtp.start();
            mailApi.start();
        } catch (RuntimeException e) {
            // Let the background starts finish first, or close() could run before them and leave a process behind.
            for (CompletableFuture<Void> future : pending) {
                try {
                    future.join();
                } catch (RuntimeException backgroundFailure) {
                    e.addSuppressed(backgroundFailure);
                }
            }
            throw e;
        } finally {
            background.shutdown();
        }
        awaitAll(pending);
        OrphanGuard started = OrphanGuard.start(workDir.resolve("guard.log"), postgres,
                ses == null ? null : ses.process());
        synchronized (lifecycle) {
            if (closed) {
                started.close();
                throw new StackException("the stack was closed while it was starting");
            }
            guard = started;
        }
    }

    private void startPostgres(int port) {
        PostgresServer pg = PostgresServer.start(workDir, port, DB_USER, dbPassword);
        synchronized (lifecycle) {
            if (closed) {
                pg.close();
                throw new StackException("the stack was closed while PostgreSQL was starting");
            }
            postgres = pg;
        }
        Databases.provision(pg, DB_USER, dbPassword, config.databases());
    }

    private static void awaitAll(List<CompletableFuture<Void>> pending) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** host:port for {@code kafka.bootstrap.servers}. */
    public String kafkaBootstrap() {
        return kafka.bootstrap();
    }

    public String jdbcUrl(String db) {
        return Databases.jdbcUrl(postgres.port(), requireDatabase(db));
    }

    /** {@code postgresql://127.0.0.1:port/db}, for {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl(String db) {
        return "postgresql://" + Ports.LOOPBACK_HOST + ":" + postgres.port() + "/" + requireDatabase(db);
    }

    public String dbUser() {
        return DB_USER;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public String smtpHost() {
        return smtp.host();
    }

    public int smtpPort() {
        return smtp.port();
    }

    /** Base URL of the received-mail HTTP API ({@code GET /messages}, {@code GET /count}, {@code DELETE /messages}). */
    public String mailApiUrl() {
        return mailApi.url();
    }

    public MailInbox inbox() {
        return smtp.inbox();
    }

    /** {@code http://127.0.0.1:port} of moto_server, or null when the stack runs without SES. */
    public String sesEndpoint() {
        return ses == null ? null : ses.endpoint();
    }

    /** Creates (and so, in moto, verifies) an SES identity: an email address or a domain. */
    public void verifySesIdentity(String emailOrDomain) {
        if (ses == null) {
            throw new IllegalStateException("this stack runs without SES (withSes(false))");
        }
        ses.verifyIdentity(emailOrDomain);
    }

    /** The directory holding the logs (kafka.log, postgres.log, moto.log) and Kafka's data. */
    public Path workDir() {
        return workDir;
    }

    /** PostgreSQL's data directory (its {@code postmaster.pid} names the server process). */
    public Path postgresDataDirectory() {
        return postgres.dataDirectory();
    }

    /** The databases this stack created. */
    public List<String> databases() {
        return config.databases();
    }

    /** Stops the broker (SIGTERM) and starts it again on the same port with the same data. */
    public void restartKafka() {
        stopKafka();
        startKafka();
    }

    public void stopKafka() {
        kafka.stop();
    }

    public void startKafka() {
        kafka.start();
    }

    /** {@code pg_ctl stop}: PostgreSQL stays down (connections refused) until {@link #startPostgres()}. */
    public void stopPostgres() {
        postgres.pause();
    }

    /** {@code pg_ctl start} after {@link #stopPostgres()}: same port, same data. */
    public void startPostgres() {
        postgres.resume();
    }

    /** {@code pg_ctl restart}: same port, same data. */
    public void restartPostgres() {
        postgres.restart();
    }

    /**
     * The Quarkus configuration of {@code service} (subscriber, campaign, dispatch or feedback), whose database
     * has the service's name.
     */
    public Map<String, String> serviceConfig(String service) {
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("quarkus.datasource.jdbc.url", jdbcUrl(service));
        cfg.put("quarkus.datasource.reactive.url", reactiveUrl(service));
        cfg.put("quarkus.datasource.username", dbUser());
        cfg.put("quarkus.datasource.password", dbPassword());
        cfg.put("kafka.bootstrap.servers", kafkaBootstrap());
        cfg.put("mailroom.smtp.host", smtpHost());
        cfg.put("mailroom.smtp.port", String.valueOf(smtpPort()));
        if (ses != null) {
            cfg.put("mailroom.ses.endpoint", sesEndpoint());
        }
        cfg.put("mailroom.mail-api.url", mailApiUrl());
        return Map.copyOf(cfg);
    }

    /** Stops everything that was started; idempotent. The logs stay in {@link #workDir()}. */
    @Override
    public void close() {
        List<AutoCloseable> components = new ArrayList<>();
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            for (AutoCloseable component : new AutoCloseable[] {guard, mailApi, smtp, ses, kafka, postgres}) {
                if (component != null) {
                    components.add(component);
                }
            }
        }
        // In parallel: the broker's controlled shutdown alone takes about two seconds.
        List<CompletableFuture<Void>> stopping = components.stream()
                .map(c -> CompletableFuture.runAsync(() -> closeComponent(c),
                        r -> new Thread(r, "mailroom-stack-stop").start()))
                .toList();
        RuntimeException failure = null;
        for (CompletableFuture<Void> stop : stopping) {
            try {
                stop.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                        : new StackException("cannot stop a stack component", e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        FileTrees.delete(workDir.resolve("kafka").resolve("data"));
        removeShutdownHook();
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeComponent(AutoCloseable component) {
        try {
            component.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StackException("cannot stop " + component.getClass().getSimpleName(), e);
        }
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and will run the hook, which finds the stack closed.
            LOG.log(System.Logger.Level.DEBUG, "shutdown in progress; the hook stays registered", e);
        }
    }

    private String requireDatabase(String db) {
        if (!config.databases().contains(db)) {
            throw new IllegalArgumentException("no database '" + db + "' in this stack; it has "
                    + config.databases());
        }
        return db;
    }

    private static Path createWorkDir(Path configured) {
        try {
            if (configured == null) {
                return Files.createTempDirectory(Path.of("/tmp"), "mailroom-stack-");
            }
            return Files.createDirectories(configured);
        } catch (IOException e) {
            throw new StackException("cannot create the work directory " + (configured == null ? "under /tmp"
                    : configured) + ": " + e.getMessage(), e);
        }
    }

    /** The ports of one stack, explicit ones checked to be free, the others picked. */
    private record PortPlan(int kafka, int kafkaController, int postgres, int smtp, int mailApi, int ses) {
        static PortPlan resolve(StackConfig cfg) {
            return new PortPlan(Ports.resolve(cfg.kafkaPort(), "--kafka-port"), Ports.pickFree(),
                    Ports.resolve(cfg.postgresPort(), "--postgres-port"), Ports.resolve(cfg.smtpPort(), "--smtp-port"),
                    Ports.resolve(cfg.mailApiPort(), "--mail-api-port"),
                    cfg.withSes() ? Ports.resolve(cfg.sesPort(), "--ses-port") : 0);
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        // Base64url without '-' or '_' keeps the password safe to paste into URLs, SQL and shell alike.
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'x').replace('_', 'y');
    }
}
