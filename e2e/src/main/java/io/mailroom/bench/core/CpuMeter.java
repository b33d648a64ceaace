package io.mailroom.bench.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time spent by each role of the benchmark (a service, the broker, PostgreSQL with all its backends, the
 * benchmark JVM itself …) between {@link #start} and {@link #stop}: a figure per item that a busy machine skews far
 * less than wall-clock rates, and that says which process to optimise.
 */
public final class CpuMeter {
    /** A role and the live processes that play it. */
    public record Role(String label, Supplier<Stream<ProcessHandle>> processes) {
        /** The descendants of this JVM whose command line contains {@code fragment}. */
        public static Role childrenContaining(String label, String fragment) {
            return new Role(label, () -> ProcessHandle.current().descendants()
                    .filter(p -> Procs.commandLine(p.pid()).contains(fragment)));
        }

        /** A process and all its descendants. */
        public static Role tree(String label, Supplier<ProcessHandle> root) {
            return new Role(label, () -> {
                ProcessHandle r = root.get();
                return r == null ? Stream.empty() : Stream.concat(Stream.of(r), r.descendants());
            });
        }
    }

    private final List<Role> roles;
    private final Map<String, Duration> before;

    private CpuMeter(List<Role> roles) {
        this.roles = List.copyOf(roles);
        this.before = sample();
    }

    public static CpuMeter start(List<Role> roles) {
        return new CpuMeter(roles);
    }

    /** CPU used per role since the start (processes that ended in between are not counted). */
    public Map<String, Duration> stop() {
        Map<String, Duration> used = new LinkedHashMap<>();
        sample().forEach((label, cpu) -> used.put(label, cpu.minus(before.getOrDefault(label, Duration.ZERO))));
        return used;
    }

    /** "feedback-service 0.310 ms, postgresql 0.200 ms … in all …" per item, for a report note. */
    public static String perItem(Map<String, Duration> used, long items, String item) {
        StringBuilder s = new StringBuilder("CPU per ").append(item).append(':');
        double total = 0;
        for (Map.Entry<String, Duration> e : used.entrySet()) {
            double ms = e.getValue().toNanos() / 1e6 / items;
            total += ms;
            s.append(String.format(" %s %.3f ms,", e.getKey(), ms));
        }
        return s.append(String.format(" in all %.3f ms (user + system CPU time of each process)", total)).toString();
    }

    private Map<String, Duration> sample() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        for (Role role : roles) {
            cpu.put(role.label(), role.processes().get().filter(ProcessHandle::isAlive)
                    .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                    .reduce(Duration.ZERO, Duration::plus));
        }
        return cpu;
    }
}
