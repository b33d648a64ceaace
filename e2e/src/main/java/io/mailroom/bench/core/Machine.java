package io.mailroom.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line describing the machine: CPU model, cores, memory, load at the time of writing. */
public final class Machine {
    private Machine() {
    }

    public static String describe() {
        String cpu = "unknown CPU";
        String mem = "";
        String load = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0) + " GiB")
                    .orElse("");
            load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            // best effort: the description is informative only
        }
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + mem
                + " RAM, Java " + System.getProperty("java.version") + "; load average " + load
                + " when this report was written (the machine is shared: figures are noisy). Services: the builds in "
                + "the checkout at " + commit() + ".";
    }

    private static String commit() {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? "commit " + out : "an unknown commit";
        } catch (IOException e) {
            return "an unknown commit";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "an unknown commit";
        }
    }
}
