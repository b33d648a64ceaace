package io.mailroom.bench.ratelimit;

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

import io.mailroom.bench.core.Procs;
import io.mailroom.bench.core.Sleep;
import io.mailroom.local.LocalHttp;
import io.mailroom.local.Ports;

/**
 * A second dispatch-service JVM with exactly the first one's command line (same configuration, same consumer
 * group) but another HTTP port: the two share {@code mailroom.sends} and the rate limits by assigned partitions.
 */
public final class SecondDispatch implements AutoCloseable {
    private final Process process;
    private final int port;

    private SecondDispatch(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Copies the command line of the running JVM started from {@code jar}; waits until it is ready. */
    public static SecondDispatch start(String jar, Path log) {
        ProcessHandle first = Procs.child(jar).orElseThrow(() -> new IllegalStateException("no JVM runs " + jar));
        String java = first.info().command().orElseThrow();
        String[] args = first.info().arguments().orElseThrow();
        int port = Ports.resolve(0, "second dispatch");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        for (String a : args) {
            cmd.add(a.startsWith("-Dquarkus.http.port=") ? "-Dquarkus.http.port=" + port : a);
        }
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            SecondDispatch d = new SecondDispatch(p, port);
            d.awaitReady();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = LocalHttp.client(Duration.ofSeconds(2));
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("second dispatch exited with " + process.exitValue());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Sleep.millis(500);
        }
        throw new IllegalStateException("second dispatch not ready after 3 minutes");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
