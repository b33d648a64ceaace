package io.mailroom.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Starts child processes with their output in a log file, waits for them, and stops them with their descendants. */
public final class ChildProcesses {
    private static final Duration POLL = Duration.ofMillis(50);

    private ChildProcesses() {
    }

    /** Starts {@code command} with stdin from /dev/null and stdout+stderr appended to {@code log}. */
    public static Process start(List<String> command, Path log) {
        return start(command, Map.of(), log);
    }

    /** As {@link #start(List, Path)}, with {@code env} added to the inherited environment. */
    public static Process start(List<String> command, Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new StackException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code command} to completion; fails with the log's tail when it exits non-zero or overruns. */
    static void run(List<String> command, Path log, Duration timeout) {
        Process process = start(command, log);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process, Duration.ofSeconds(5));
                throw new StackException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s; see " + log + tail(log));
            }
        } catch (InterruptedException e) {
            stop(process, Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running " + command.get(0), e);
        }
        if (process.exitValue() != 0) {
            throw new StackException(String.join(" ", command) + " exited with " + process.exitValue() + "; see "
                    + log + tail(log));
        }
    }

    /**
     * Waits until {@code ready} holds; fails when {@code process} (if not null) exits first or the time runs out.
     *
     * @param what names the component in the failure message
     */
    public static void awaitReady(String what, Process process, Path log, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (process != null && !process.isAlive()) {
                throw new StackException(what + " exited with " + process.exitValue() + " while starting; see " + log
                        + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(what + " was not ready after " + timeout.toSeconds() + " s; see " + log
                        + tail(log));
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; the same for any descendant still alive afterwards. */
    public static void stop(Process process, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        for (ProcessHandle handle : tree) {
            terminate(handle, grace);
        }
    }

    private static void terminate(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
            handle.onExit().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + handle.pid() + " failed", e);
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of {@code log}, indented, for an error message; empty when there is nothing to show. */
    public static String tail(Path log) {
        if (!Files.isReadable(log)) {
            return "";
        }
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return lines.subList(Math.max(0, lines.size() - 15), lines.size()).stream()
                    .collect(Collectors.joining("\n    ", "\n    ", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
