package io.mailroom.local.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.mailroom.local.EmbeddedStack;
import io.mailroom.local.Json;
import io.mailroom.local.Ports;
import io.mailroom.local.StackException;
import io.mailroom.local.StackState;

/**
 * The whole product on its embedded stack: real Kafka, PostgreSQL, SMTP and SES peers, plus the four services as
 * separate JVMs. Used by {@code ./mailroom up}, the demo and the e2e tests, so all three run the same thing.
 */
public final class MailroomSuite implements AutoCloseable {
    // a service starts in ~10 s on an idle 2-core machine; shared CI machines under load have needed over 120 s
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);

    private final EmbeddedStack stack;
    private final Map<Service, ServiceProcess> services;
    private final List<ServiceProcess> twins = new ArrayList<>();
    private final String adminToken;
    private final Path stateFile;
    // an operator and a viewer token besides the admin one, for tests of what each role may do
    private final Map<String, String> roleTokens = Map.of("operator", randomHex(16), "viewer", randomHex(16));

    private MailroomSuite(EmbeddedStack stack, Map<Service, ServiceProcess> services, String adminToken,
            Path stateFile) {
        this.stack = stack;
        this.services = services;
        this.adminToken = adminToken;
        this.stateFile = stateFile;
    }

    /** Starts the stack, then the services (in parallel), and waits until every one reports ready. */
    public static MailroomSuite start(SuiteConfig config) {
        for (Service s : Service.values()) {
            if (!Files.isRegularFile(config.jar(s))) {
                throw new StackException(config.jar(s) + " is missing: build first (mvn -B -DskipTests package, or "
                        + "./mailroom up which builds what is missing)");
            }
        }
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, Ports.resolve(config.ports().getOrDefault(s, 0), "--" + s.shortName() + "-port"));
        }
        EmbeddedStack stack = EmbeddedStack.start(config.stack());
        String adminToken = randomHex(16);
        Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
        MailroomSuite suite = new MailroomSuite(stack, services, adminToken, config.stateDir().resolve("stack.json"));
        Runtime.getRuntime().addShutdownHook(new Thread(suite::close, "mailroom-suite-stop"));
        try {
            String campaignUrl = "http://127.0.0.1:" + ports.get(Service.CAMPAIGN);
            for (Service s : Service.values()) {
                Map<String, String> cfg = new LinkedHashMap<>(stack.serviceConfig(s.shortName()));
                cfg.put("mailroom.auth.tokens", "admin:admin:" + adminToken + ",operator:operator:"
                        + suite.roleTokens.get("operator") + ",viewer:viewer:" + suite.roleTokens.get("viewer"));
                cfg.put("mailroom.public-url", campaignUrl);
                cfg.put("mailroom.unsubscribe.secret", randomHex(32));
                cfg.put("mailroom.bulk.token-secret", randomHex(32));
                cfg.putAll(config.extraConfig().getOrDefault(s, Map.of()));
                services.put(s, new ServiceProcess(s, config.jar(s), ports.get(s), cfg,
                        config.stateDir().resolve("logs").resolve(s.module() + ".log"), config.jvmOptions()));
            }
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (ServiceProcess p : services.values()) {
                p.start();
                ready.add(CompletableFuture.runAsync(() -> p.awaitReady(READY_TIMEOUT)));
            }
            CompletableFuture.allOf(ready.toArray(new CompletableFuture[0])).join();
            SuiteState.of(suite).write(suite.stateFile);
            return suite;
        } catch (RuntimeException e) {
            suite.close();
            if (e instanceof CompletionException && e.getCause() instanceof StackException se) {
                throw se;
            }
            throw e;
        }
    }

    public EmbeddedStack stack() {
        return stack;
    }

    public ServiceProcess service(Service s) {
        return services.get(s);
    }

    public String baseUrl(Service s) {
        return services.get(s).baseUrl();
    }

    /**
     * Starts a second instance of {@code s} beside the first (same database, consumer groups and secrets, another
     * port) and waits until it is ready; {@link #close()} stops it with the rest.
     */
    public ServiceProcess startTwin(Service s) {
        ServiceProcess first = services.get(s);
        int n;
        synchronized (this) {
            n = (int) twins.stream().filter(t -> t.service() == s).count() + 2;
        }
        Path log = first.log().resolveSibling(s.module() + "-" + n + ".log");
        ServiceProcess twin = first.twin(Ports.resolve(0, "--" + s.shortName() + "-twin-port"), log);
        synchronized (this) {
            twins.add(twin);
        }
        twin.start();
        twin.awaitReady(READY_TIMEOUT);
        return twin;
    }

    public String adminToken() {
        return adminToken;
    }

    /** The token of role {@code admin}, {@code operator} or {@code viewer}. */
    public String token(String role) {
        return "admin".equals(role) ? adminToken : java.util.Objects.requireNonNull(roleTokens.get(role), role);
    }

    public Path stateFile() {
        return stateFile;
    }

    /** Stops the services, then the stack; idempotent. */
    @Override
    public synchronized void close() {
        // SIGTERM to all four at once: stopping them one after another would take four graceful shutdowns
        List<ServiceProcess> all = new ArrayList<>(services.values());
        all.addAll(twins);
        all.parallelStream().forEach(ServiceProcess::stop);
        stack.close();
        try {
            Files.deleteIfExists(stateFile);
        } catch (java.io.IOException e) {
            // the state file only describes a running suite; a leftover one is rewritten on the next start
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** What {@code .mailroom/stack.json} holds: the stack plus each service's URL and the admin token. */
    public record SuiteState(Map<String, String> services, String adminToken, StackState stack) {
        static SuiteState of(MailroomSuite suite) {
            Map<String, String> urls = new LinkedHashMap<>();
            suite.services.forEach((s, p) -> urls.put(s.shortName(), p.baseUrl()));
            return new SuiteState(urls, suite.adminToken, StackState.of(suite.stack));
        }

        void write(Path file) {
            Json.writeAtomically(file, this);
        }
    }
}
