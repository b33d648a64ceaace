package io.mailroom.local.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.mailroom.local.ChildProcesses;
import io.mailroom.local.LocalHttp;

/**
 * One service running from its {@code quarkus-run.jar} as a child JVM, with its configuration passed as system
 * properties; it can be stopped (SIGTERM), killed (SIGKILL, like {@code kill -9}) and started again on the same port.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = LocalHttp.client(Duration.ofSeconds(2));

    private final Service service;
    private final List<String> command;
    private final int port;
    private final Path log;
    private Process process;

    ServiceProcess(Service service, Path jar, int port, Map<String, String> config, Path log, List<String> jvmOptions) {
        this.service = service;
        this.port = port;
        this.log = log;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-jar");
        cmd.add(jar.toString());
        this.command = List.copyOf(cmd);
    }

    private ServiceProcess(Service service, List<String> command, int port, Path log) {
        this.service = service;
        this.command = command;
        this.port = port;
        this.log = log;
    }

    /**
     * A second instance of this service — the same configuration (database, consumer groups, secrets) on another
     * HTTP port and with its own log — as a second pod of a Deployment would be. Not started.
     */
    public ServiceProcess twin(int twinPort, Path twinLog) {
        List<String> cmd = command.stream()
                .map(a -> a.equals("-Dquarkus.http.port=" + port) ? "-Dquarkus.http.port=" + twinPort : a).toList();
        return new ServiceProcess(service, cmd, twinPort, twinLog);
    }

    public Service service() {
        return service;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the JVM (appending to its log) without waiting for it to be ready. */
    public synchronized void start() {
        if (isAlive()) {
            return;
        }
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // glibc gives every busy thread its own 64 MB malloc arena; two keep an idle JVM's RSS down
        process = ChildProcesses.start(command, Map.of("MALLOC_ARENA_MAX", "2"), log);
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail if the JVM dies first. */
    public void awaitReady(Duration timeout) {
        ChildProcesses.awaitReady(service.module(), process, log, timeout, this::isReady);
    }

    /** Whether {@code /q/health/ready} answers 200 now (false while the JVM is down or not ready). */
    public boolean isReady() {
        return answers200("/q/health/ready");
    }

    /** Whether {@code /q/health/live} answers 200 now (a channel failed by SmallRye turns it DOWN for good). */
    public boolean isLive() {
        return answers200("/q/health/live");
    }

    private boolean answers200(String path) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * SIGTERM only, like Kubernetes before its grace period ends: waits up to {@code grace} for the JVM to leave on
     * its own and returns its exit code; if it is still alive then, it is killed and this fails (a shutdown that
     * needs SIGKILL is not clean).
     */
    public synchronized int terminate(Duration grace) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(service.module() + " is not running");
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new IllegalStateException(service.module() + " did not leave within " + grace + " of SIGTERM");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted while waiting for " + service.module() + " to leave", e);
        }
    }

    /** SIGKILL, like {@code kill -9}: no shutdown hook runs, nothing is flushed. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    public synchronized void stop() {
        if (process != null) {
            ChildProcesses.stop(process, Duration.ofSeconds(20));
        }
    }

    @Override
    public void close() {
        stop();
    }
}
