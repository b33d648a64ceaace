package io.mailroom.local.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.Json;
import io.mailroom.local.LocalHttp;

/** A small client for the services' public REST API, as an operator's script would use it. */
public final class ApiClient {
    private final Function<Service, String> baseUrls;
    private final String token;
    private final HttpClient http = LocalHttp.client(Duration.ofSeconds(5));

    public ApiClient(MailroomSuite suite) {
        this(suite::baseUrl, suite.adminToken());
    }

    /** A client of the instances {@code baseUrls} names (e.g. each service's second instance), with {@code token}. */
    public ApiClient(Function<Service, String> baseUrls, String token) {
        this.baseUrls = baseUrls;
        this.token = token;
    }

    /** A response: status and parsed JSON body (null when the body is empty or not JSON). */
    public record Reply(int status, JsonNode body, String raw) {
        /** The body, or an exception naming the call when the status is not 2xx. */
        public JsonNode ok() {
            if (status / 100 != 2) {
                throw new IllegalStateException("HTTP " + status + ": " + raw);
            }
            return body;
        }
    }

    public Reply get(Service service, String path) {
        return send(request(service, path).GET().build());
    }

    public Reply post(Service service, String path, Object body) {
        try {
            String json = body == null ? "{}" : Json.MAPPER.writeValueAsString(body);
            return send(request(service, path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A multipart/form-data POST with one file part and plain fields (as {@code curl -F} sends it). */
    public Reply postFile(Service service, String path, String fileField, String fileName, byte[] file,
            java.util.Map<String, String> fields) {
        String boundary = "mailroom-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        fields.forEach((k, v) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n")
                .append(v).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(fileField).append("\"; filename=\"")
                .append(fileName).append("\"\r\nContent-Type: text/csv\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[start.length + file.length + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(file, 0, body, start.length, file.length);
        System.arraycopy(end, 0, body, start.length + file.length, end.length);
        return send(request(service, path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private HttpRequest.Builder request(Service service, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrls.apply(service) + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private Reply send(HttpRequest request) {
        try {
            return attempt(request);
        } catch (IOException first) {
            if (!"GET".equals(request.method())) {
                throw failed(request, first);
            }
            // a GET changes nothing: one more try on a fresh connection when a pooled one was closed under it
            try {
                return attempt(request);
            } catch (IOException second) {
                second.addSuppressed(first);
                throw failed(request, second);
            }
        }
    }

    private Reply attempt(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = response.body().isBlank() ? null : Json.MAPPER.readTree(response.body());
            } catch (IOException notJson) {
                body = null;
            }
            return new Reply(response.statusCode(), body, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static IllegalStateException failed(HttpRequest request, IOException e) {
        return new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    }
}
