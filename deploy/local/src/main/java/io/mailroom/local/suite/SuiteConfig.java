package io.mailroom.local.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.mailroom.local.StackConfig;
import io.mailroom.local.StackException;

/**
 * What {@link MailroomSuite} starts: the embedded stack's configuration, the project root (where the services'
 * {@code quarkus-run.jar}s are built), the services' ports (0 = a free one) and extra configuration per service.
 */
public record SuiteConfig(StackConfig stack, Path projectRoot, Path stateDir, Map<Service, Integer> ports,
        Map<Service, Map<String, String>> extraConfig, List<String> jvmOptions) {
    /**
     * Small-footprint JVMs: the serial collector (no parallel GC threads or their data structures on 2 cores), a
     * heap that starts small and gives memory back after a burst, and a capped code cache. Idle RSS target: 300 MB.
     * The heap grows to keep 40 % free and shrinks past 70 %: with 10 % / 30 % dispatch-service ran 15 full
     * collections a minute during the dispatch benchmark and spent twice the GC time, for the same idle RSS.
     */
    public static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=40", "-XX:MaxHeapFreeRatio=70", "-XX:ReservedCodeCacheSize=96m", "-Xss512k");

    public static SuiteConfig defaults(StackConfig stack, Path stateDir, boolean defaultPorts) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, defaultPorts ? s.defaultPort() : 0);
        }
        return new SuiteConfig(stack, findProjectRoot(), stateDir, ports, new EnumMap<>(Service.class),
                JVM_OPTIONS);
    }

    /** The directory holding the root pom and the services (system property {@code mailroom.root}, or upwards). */
    public static Path findProjectRoot() {
        String configured = System.getProperty("mailroom.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mailroom")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new StackException("cannot find the Mailroom project root (a directory with ./mailroom and pom.xml) "
                + "above " + Path.of("").toAbsolutePath() + ": run from the checkout or pass -Dmailroom.root=DIR");
    }

    public Path jar(Service service) {
        return projectRoot.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
