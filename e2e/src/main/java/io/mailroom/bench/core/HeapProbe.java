package io.mailroom.bench.core;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.mailroom.local.LocalHttp;

/** Reads a Quarkus service's used heap: the sum of {@code jvm_memory_used_bytes{area="heap"}} at /q/metrics. */
public final class HeapProbe {
    private static final HttpClient HTTP = LocalHttp.client(Duration.ofSeconds(2));

    private HeapProbe() {
    }

    /** Used heap in MB, or -1 when the service does not answer. */
    public static double heapMb(String baseUrl) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(3)).build();
            String body = HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            boolean found = false;
            for (String line : body.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? sum / (1024 * 1024) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
