package io.mailroom.bench.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.mailroom.bench.core.BenchSuite;
import io.mailroom.local.LocalHttp;
import io.mailroom.local.suite.Service;

/** Streams {@code GET /api/exports/subscribers} into a {@link CountingStream}. */
public final class ExportClient {
    private static final HttpClient HTTP = LocalHttp.client(Duration.ofSeconds(5));

    private ExportClient() {
    }

    /** Exports the list's members; returns seconds from the request to the last byte. */
    public static double export(BenchSuite s, long listId, CountingStream out) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.suite().baseUrl(Service.SUBSCRIBER)
                + "/api/exports/subscribers?list=" + listId)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + s.suite().adminToken()).GET().build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<InputStream> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("export: HTTP " + resp.statusCode());
            }
            try (InputStream in = resp.body()) {
                in.transferTo(out);
            }
            return (System.nanoTime() - t0) / 1e9;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
