package io.mailroom.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.mailroom.local.StackConfig;
import io.mailroom.local.suite.ApiClient;
import io.mailroom.local.suite.MailroomSuite;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;
import io.mailroom.local.suite.SuiteConfig;

/** The suite a benchmark runs on (the same {@link MailroomSuite} as {@code ./mailroom up}), with its probes. */
public final class BenchSuite implements AutoCloseable {
    private final MailroomSuite suite;
    private final SuiteConfig config;
    private final ApiClient api;
    private final Operator operator;
    private final KafkaProbe kafka;

    private BenchSuite(MailroomSuite suite, SuiteConfig config) {
        this.suite = suite;
        this.config = config;
        this.api = new ApiClient(suite);
        this.operator = new Operator(api);
        this.kafka = new KafkaProbe(suite.stack().kafkaBootstrap());
    }

    /** Starts the stack and the four services (from the snapshot) with {@code extra} configuration per service. */
    public static BenchSuite start(BenchContext ctx, Map<Service, Map<String, String>> extra) {
        return start(ctx, extra, null);
    }

    /** As {@link #start(BenchContext, Map)}, the services' JVMs with {@code -Xmx<maxHeap>} when it is not null. */
    public static BenchSuite start(BenchContext ctx, Map<Service, Map<String, String>> extra, String maxHeap) {
        SuiteConfig d = SuiteConfig.defaults(StackConfig.builder().build(), ctx.stateDir(), false);
        List<String> jvm = new ArrayList<>(d.jvmOptions());
        if (maxHeap != null) {
            jvm.removeIf(o -> o.startsWith("-Xmx"));
            jvm.add("-Xmx" + maxHeap);
        }
        if (ctx.jfr()) {
            // one recording per service JVM, written into the directory as hotspot-pid-<pid>-….jfr when it stops
            jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + ctx.stateDir().resolve("jfr"));
            ctx.stateDir().resolve("jfr").toFile().mkdirs();
        }
        SuiteConfig config = new SuiteConfig(d.stack(), ctx.appsRoot(), d.stateDir(), d.ports(), d.extraConfig(),
                jvm);
        extra.forEach((s, cfg) -> config.extraConfig().put(s, cfg));
        long t0 = System.nanoTime();
        MailroomSuite suite = MailroomSuite.start(config);
        System.out.printf("  suite up in %.1f s (logs: %s)%n", (System.nanoTime() - t0) / 1e9, suite.stack().workDir());
        return new BenchSuite(suite, config);
    }

    public MailroomSuite suite() {
        return suite;
    }

    public ApiClient api() {
        return api;
    }

    public Operator operator() {
        return operator;
    }

    public KafkaProbe kafka() {
        return kafka;
    }

    /** The jar path that identifies a service's JVM on its command line. */
    public String jarOf(Service s) {
        return config.jar(s).toString();
    }

    /** Watches the four services (RSS + heap) and the Kafka broker (RSS), plus any {@code more}. */
    public ProcessWatch watch(ProcessWatch.Watched... more) {
        List<ProcessWatch.Watched> w = new ArrayList<>();
        for (Service s : Service.values()) {
            String jar = jarOf(s);
            w.add(new ProcessWatch.Watched(s.module(), () -> Procs.child(jar), suite.baseUrl(s)));
        }
        w.add(new ProcessWatch.Watched("kafka broker", () -> Procs.child("io.mailroom.local.broker.BrokerLauncher"),
                null));
        w.addAll(List.of(more));
        return ProcessWatch.start(w);
    }

    /** CPU meter over the four services, the broker, PostgreSQL (every backend), smtp-sink and this JVM. */
    public CpuMeter cpuMeter() {
        List<CpuMeter.Role> roles = new ArrayList<>();
        for (Service s : Service.values()) {
            roles.add(CpuMeter.Role.childrenContaining(s.module(), jarOf(s)));
        }
        roles.add(CpuMeter.Role.childrenContaining("kafka broker", "io.mailroom.local.broker.BrokerLauncher"));
        // pg_ctl detaches the server from this JVM's process tree: postmaster.pid names it
        roles.add(CpuMeter.Role.tree("postgresql", this::postmaster));
        roles.add(CpuMeter.Role.childrenContaining("smtp-sink", "smtp-sink"));
        roles.add(new CpuMeter.Role("benchmark JVM", () -> Stream.of(ProcessHandle.current())));
        return CpuMeter.start(roles);
    }

    private ProcessHandle postmaster() {
        try {
            String pid = Files.readAllLines(suite.stack().postgresDataDirectory().resolve("postmaster.pid")).get(0);
            return ProcessHandle.of(Long.parseLong(pid.trim())).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        kafka.close();
        suite.close();
    }
}
