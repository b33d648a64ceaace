package io.mailroom.bench.core;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.Json;
import io.mailroom.local.LocalHttp;
import io.mailroom.local.suite.Service;

/** Subscriber CSV files written to disk and imported through {@code POST /api/imports} (streamed from the file). */
public final class Subscribers {
    private static final HttpClient HTTP = LocalHttp.client(Duration.ofSeconds(5));

    private Subscribers() {
    }

    /** {@code rows} rows of {@code email,name,attributes}, the same shape as the demo's import. */
    public static Path csv(Path dir, String prefix, int rows) {
        Path file = dir.resolve(prefix + "-" + rows + ".csv");
        try {
            Files.createDirectories(dir);
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("email,name,attributes\n");
                for (int i = 0; i < rows; i++) {
                    w.write(prefix + i + "@example.com,Subscriber " + i + ",\"{\"\"city\"\":\"\"Lyon\"\",\"\"n\"\":"
                            + i + "}\"\n");
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads the file as a multipart import into {@code listId}; returns the import id. */
    public static String upload(BenchSuite s, long listId, Path csv) {
        String boundary = "bench-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"lists\"\r\n\r\n" + listId + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\nsubscribe\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"overwrite\"\r\n\r\nfalse\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"subscribers.csv\""
                + "\r\nContent-Type: text/csv\r\n\r\n";
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(s.suite().baseUrl(Service.SUBSCRIBER) + "/api/imports"))
                    .timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Bearer " + s.suite().adminToken())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                            HttpRequest.BodyPublishers.ofFile(csv),
                            HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                    .build();
            HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() / 100 != 2) {
                throw new IllegalStateException("import upload: HTTP " + resp.statusCode() + " " + resp.body());
            }
            return Json.MAPPER.readTree(resp.body()).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls the import every 200 ms until it is no longer running; fails unless it imported {@code expected}. */
    public static JsonNode awaitImported(BenchSuite s, String importId, long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode st = null;
        while (System.nanoTime() < deadline) {
            st = s.api().get(Service.SUBSCRIBER, "/api/imports/" + importId).ok();
            if (!"running".equals(st.path("status").asText())) {
                if (!"finished".equals(st.path("status").asText()) || st.path("imported").asLong() != expected) {
                    throw new IllegalStateException("import " + importId + " did not import " + expected + ": " + st);
                }
                return st;
            }
            Sleep.millis(200);
        }
        throw new IllegalStateException("import " + importId + " still running after " + timeout + ": " + st);
    }

    /** Creates a list, imports {@code rows} subscribers into it and returns the list id. */
    public static long importList(BenchSuite s, Path dataDir, String prefix, int rows) {
        long list = s.operator().createList(prefix);
        Path file = csv(dataDir, prefix, rows);
        String id = upload(s, list, file);
        awaitImported(s, id, rows, Duration.ofMinutes(30));
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover data file in target/ is harmless
        }
        return list;
    }
}
