package io.mailroom.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds this JVM's child processes by command line and reads their memory from {@code /proc/<pid>/status}. */
public final class Procs {
    private Procs() {
    }

    /** The live descendant whose command line contains {@code fragment} (the newest if several). */
    public static Optional<ProcessHandle> child(String fragment) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p.pid()).contains(fragment)).reduce((a, b) -> b);
    }

    /** The full command line from /proc (ProcessHandle.Info truncates long ones, e.g. the broker's classpath). */
    public static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** A field of /proc/<pid>/status in MB (e.g. VmHWM, VmRSS), or -1 when the process is gone. */
    public static double statusMb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    String kb = line.substring(field.length() + 1).replace("kB", "").trim();
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
