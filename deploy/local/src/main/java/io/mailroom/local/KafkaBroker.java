package io.mailroom.local;

import io.mailroom.events.Topics.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A single-node KRaft Kafka broker in its own JVM ({@link io.mailroom.local.broker.BrokerLauncher}, which runs
 * {@code kafka.Kafka}), with its data in {@code dir/data} and its log in {@code log}.
 */
final class KafkaBroker implements AutoCloseable {
    /** By name: loading the class here would need the broker's jars, which are not on this JVM's classpath. */
    private static final String LAUNCHER = "io.mailroom.local.broker.BrokerLauncher";
    private static final String CLASSPATH_RESOURCES = "mailroom/kafka.classpath,mailroom/kafka-shared.classpath";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path dir;
    private final Path log;
    private final int port;
    private final int controllerPort;
    private final String clusterId = clusterId();
    private final List<TopicSpec> topics;
    private Process process;
    private boolean closed;

    /** @param topics created on every start where missing (a restart finds them all) */
    KafkaBroker(Path dir, Path log, int port, int controllerPort, List<TopicSpec> topics) {
        this.dir = dir;
        this.log = log;
        this.port = port;
        this.controllerPort = controllerPort;
        this.topics = List.copyOf(topics);
    }

    String bootstrap() {
        return Ports.LOOPBACK_HOST + ":" + port;
    }

    /**
     * Starts the broker (formatting its storage on first use), waits until it answers an AdminClient and creates the
     * missing topics.
     */
    synchronized void start() {
        if (closed) {
            throw new StackException("the stack was closed while Kafka was starting");
        }
        if (process != null && process.isAlive()) {
            return;
        }
        Path config = dir.resolve("server.properties");
        if (!Files.exists(config)) {
            writeConfig(config);
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", classpath(), LAUNCHER, String.valueOf(ProcessHandle.current().pid()), clusterId,
                config.toString());
        process = ChildProcesses.start(command, log);
        String what = "Kafka broker on port " + port;
        // The AdminClient comes second: created before the port opens, it logs a warning per connection attempt.
        ChildProcesses.awaitReady(what, process, log, START_TIMEOUT, () -> Ports.accepts(port));
        try (Admin admin = admin()) {
            ChildProcesses.awaitReady(what, process, log, START_TIMEOUT, () -> answers(admin));
            createMissingTopics(admin);
        }
    }

    /** SIGTERM (a controlled shutdown); the port is released when this returns. */
    synchronized void stop() {
        if (process != null) {
            ChildProcesses.stop(process, STOP_GRACE);
            process = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }

    /** Creates every topic that does not exist yet, replication 1, compacted where the spec says so. */
    private void createMissingTopics(Admin admin) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                                    spec.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT
                                            : TopicConfig.CLEANUP_POLICY_DELETE)))
                    .toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new StackException("cannot create the Kafka topics on " + bootstrap() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while creating the Kafka topics", e);
        }
    }

    private static boolean answers(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for Kafka", e);
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(props);
    }

    private void writeConfig(Path config) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + Ports.LOOPBACK_HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + Ports.LOOPBACK_HOST + ":" + port + ",CONTROLLER://"
                + Ports.LOOPBACK_HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK_HOST + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        // 50 partitions (the default) make the first consumer group of a run wait for their creation.
        p.setProperty("offsets.topic.num.partitions", "6");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(config)) {
                p.store(out, "Mailroom embedded broker");
            }
            try (InputStream in = resource("mailroom/kafka-log4j2.properties")) {
                Files.copy(in, dir.resolve("log4j2.properties"));
            }
        } catch (IOException e) {
            throw new StackException("cannot write the Kafka configuration in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The broker's jars, written at build time by maven-dependency-plugin (see this module's pom), and a directory
     * holding {@link io.mailroom.local.broker.BrokerLauncher}, the one class of this module the broker JVM needs.
     */
    private String classpath() {
        List<String> parts = new ArrayList<>();
        parts.add(copyLauncher().toString());
        for (String name : CLASSPATH_RESOURCES.split(",")) {
            try (InputStream in = resource(name)) {
                parts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
        }
        return parts.stream().filter(s -> !s.isEmpty()).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private Path copyLauncher() {
        Path root = dir.resolve("launcher");
        String name = LAUNCHER.replace('.', '/') + ".class";
        Path target = root.resolve(name);
        try (InputStream in = resource(name)) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StackException("cannot copy " + name + " to " + root + ": " + e.getMessage(), e);
        }
        return root;
    }

    private static InputStream resource(String name) {
        InputStream in = KafkaBroker.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new StackException("resource " + name + " is missing from mailroom-local: build it with Maven"
                    + " (mvn -B -pl deploy/local -am install), which writes the Kafka broker's classpath");
        }
        return in;
    }

    /** A random cluster id; one starting with '-' would be parsed as an option by StorageTool. */
    private static String clusterId() {
        String id;
        do {
            id = Uuid.randomUuid().toString();
        } while (id.startsWith("-"));
        return id;
    }
}
