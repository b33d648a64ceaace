package io.mailroom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.local.Json;
import io.mailroom.local.LocalHttp;
import io.mailroom.local.suite.MailroomSuite;
import io.mailroom.local.suite.Service;

/**
 * Walks every operation of every service's {@code /q/openapi}: without a token each answers 401 with a problem body
 * (before any media-type or body check), and with the role just below its minimum 403 with a problem body. The
 * minimum role of every operation is declared here; an operation missing from {@link #MIN_ROLE} and {@link #PUBLIC}
 * fails the test — a new endpoint needs a decision, not a default. No request passes its guard, so nothing changes.
 */
class EndpointGuardsTest {
    private static final String VIEWER = "viewer";
    private static final String OPERATOR = "operator";
    private static final String ADMIN = "admin";

    /** Deliberately public operations: authenticated by what they carry, not by an API token. */
    static final Set<String> PUBLIC = Set.of(
            "campaign GET /u/{token}", // one-click unsubscribe page: the signed token in the path is the proof
            "campaign POST /u/{token}",
            "feedback POST /webhooks/ses"); // SNS: signature, topic and Timestamp age are checked instead

    /** The minimum role of every guarded operation: viewer reads, operator writes, admin destroys or trusts. */
    static final Map<String, String> MIN_ROLE = Map.ofEntries(
            Map.entry("subscriber GET /api/audit", VIEWER),
            Map.entry("subscriber POST /api/bulk-actions", OPERATOR), // delete/unblocklist: admin, see BODY_ADMIN
            Map.entry("subscriber GET /api/bulk-actions/{id}", VIEWER),
            Map.entry("subscriber POST /api/bulk-actions/{id}/revert", OPERATOR),
            Map.entry("subscriber GET /api/exports/subscribers", VIEWER),
            Map.entry("subscriber POST /api/imports", OPERATOR),
            Map.entry("subscriber GET /api/imports/{id}", VIEWER),
            Map.entry("subscriber GET /api/lists", VIEWER),
            Map.entry("subscriber POST /api/lists", OPERATOR),
            Map.entry("subscriber GET /api/lists/{id}", VIEWER),
            Map.entry("subscriber GET /api/subscribers", VIEWER),
            Map.entry("subscriber POST /api/subscribers", OPERATOR),
            Map.entry("subscriber GET /api/subscribers/{id}", VIEWER),
            Map.entry("subscriber PATCH /api/subscribers/{id}", OPERATOR), // blocklisted -> enabled: admin
            Map.entry("subscriber DELETE /api/subscribers/{id}", ADMIN), // a hard delete
            Map.entry("campaign GET /api/campaigns", VIEWER),
            Map.entry("campaign POST /api/campaigns", OPERATOR),
            Map.entry("campaign GET /api/campaigns/{id}", VIEWER),
            Map.entry("campaign POST /api/campaigns/{id}/cancel", OPERATOR),
            Map.entry("campaign POST /api/campaigns/{id}/pause", OPERATOR),
            Map.entry("campaign GET /api/campaigns/{id}/preflight", VIEWER),
            Map.entry("campaign GET /api/campaigns/{id}/recipients", VIEWER),
            Map.entry("campaign GET /api/campaigns/{id}/recipients.csv", VIEWER),
            Map.entry("campaign POST /api/campaigns/{id}/resend", OPERATOR),
            Map.entry("campaign POST /api/campaigns/{id}/resume", OPERATOR),
            Map.entry("campaign POST /api/campaigns/{id}/start", OPERATOR),
            Map.entry("campaign POST /api/campaigns/{id}/test", OPERATOR),
            Map.entry("campaign GET /api/campaigns/{id}/tests", VIEWER),
            Map.entry("campaign PUT /api/campaigns/{id}/warmup", OPERATOR),
            Map.entry("campaign DELETE /api/campaigns/{id}/warmup", OPERATOR),
            Map.entry("campaign POST /api/templates", OPERATOR),
            Map.entry("campaign GET /api/templates/{id}", VIEWER),
            Map.entry("dispatch GET /api/dispatch/status", VIEWER),
            Map.entry("feedback POST /api/dsn", ADMIN), // a DSN suppresses addresses
            Map.entry("feedback GET /api/feedback", VIEWER));

    /** Operations whose required role depends on the body: an operator sending these gets 403 before anything. */
    static final Map<String, List<String>> BODY_ADMIN = Map.of("subscriber POST /api/bulk-actions", List.of(
            "{\"action\":\"delete\",\"ids\":[1]}",
            "{\"action\":\"unblocklist\",\"ids\":[1]}",
            "{\"action\":\"delete\",\"ids\":[1],\"confirmToken\":\"1.1.x\"}"));

    private final HttpClient http = LocalHttp.client(Duration.ofSeconds(5));

    @Test
    void everyOperationIsGuardedByItsDeclaredRole() throws Exception {
        MailroomSuite suite = E2e.suite();
        Map<String, Operation> found = new TreeMap<>();
        for (Service service : Service.values()) {
            found.putAll(operations(service, suite.baseUrl(service)));
        }
        Set<String> undeclared = new TreeSet<>(found.keySet());
        undeclared.removeAll(MIN_ROLE.keySet());
        undeclared.removeAll(PUBLIC);
        assertTrue(undeclared.isEmpty(), "operations with no declared role (add them to MIN_ROLE or PUBLIC): "
                + undeclared);
        Set<String> stale = new TreeSet<>(MIN_ROLE.keySet());
        stale.addAll(PUBLIC);
        stale.removeAll(found.keySet());
        assertTrue(stale.isEmpty(), "declared operations the services no longer have: " + stale);

        List<String> wrong = new ArrayList<>();
        for (Operation op : found.values()) {
            if (PUBLIC.contains(op.key())) {
                continue;
            }
            expect(wrong, op, null, op.mediaType(), op.body(), 401);
            if (op.mediaType() != null) {
                // authentication before content negotiation: a media type the endpoint does not take is still a 401
                // (POST /api/imports answered 415 to an anonymous JSON post)
                expect(wrong, op, null, "application/x-unexpected", "x", 401);
            }
            String min = MIN_ROLE.get(op.key());
            for (String lower : lowerThan(min)) {
                expect(wrong, op, suite.token(lower), op.mediaType(), op.body(), 403);
            }
            for (String body : BODY_ADMIN.getOrDefault(op.key(), List.of())) {
                expect(wrong, op, suite.token(OPERATOR), "application/json", body, 403);
            }
        }
        assertEquals(List.of(), wrong);
        // the walk did reach every service, and a table entry per operation
        assertEquals(MIN_ROLE.size() + PUBLIC.size(), found.size());
    }

    /** Sends {@code op} (with {@code token}, or none) and records a deviation from {@code status} + problem body. */
    private void expect(List<String> wrong, Operation op, String token, String mediaType, String body, int status)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(op.url())).timeout(Duration.ofSeconds(60))
                .header("Accept", "*/*");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (mediaType != null) {
            request.header("Content-Type", mediaType);
        }
        request.method(op.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String who = (token == null ? "no token" : "a lower role") + (mediaType == null ? "" : " (" + mediaType + ")");
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != status) {
            wrong.add(op.key() + " with " + who + ": " + response.statusCode() + " (want " + status + ") "
                    + response.body());
        } else if (!type.startsWith("application/problem+json")) {
            wrong.add(op.key() + " with " + who + ": " + status + " without a problem body (" + type + ")");
        }
    }

    private static List<String> lowerThan(String role) {
        return switch (role) {
            case ADMIN -> List.of(OPERATOR, VIEWER);
            case OPERATOR -> List.of(VIEWER);
            default -> List.of();
        };
    }

    /** One operation of a service's OpenAPI document, with what the walk sends: dummy path ids, a minimal body. */
    record Operation(String service, String method, String path, String url, String mediaType, String body) {
        String key() {
            return service + " " + method + " " + path;
        }
    }

    private Map<String, Operation> operations(Service service, String baseUrl) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/openapi?format=json"))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), service + " /q/openapi");
        JsonNode paths = Json.MAPPER.readTree(response.body()).path("paths");
        Map<String, Operation> ops = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext();) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext();) {
                Map.Entry<String, JsonNode> method = m.next();
                String verb = method.getKey().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(verb)) {
                    continue; // "parameters", "summary" and the like
                }
                Iterator<String> media = method.getValue().path("requestBody").path("content").fieldNames();
                String mediaType = media.hasNext() ? concrete(media.next()) : null;
                // a path parameter gets a dummy value: ids 1, a token "x" — the guard must answer before any lookup
                String concretePath = path.getKey().replaceAll("\\{id}", "1").replaceAll("\\{[^}]+}", "x");
                Operation op = new Operation(service.shortName(), verb, path.getKey(), baseUrl + concretePath,
                        mediaType, mediaType == null ? null : minimalBody(mediaType));
                ops.put(op.key(), op);
            }
        }
        return ops;
    }

    private static String concrete(String mediaType) {
        if (mediaType.startsWith("multipart/form-data")) {
            return "multipart/form-data; boundary=guard";
        }
        return mediaType.contains("*") ? "application/octet-stream" : mediaType;
    }

    private static String minimalBody(String mediaType) {
        if (mediaType.startsWith("application/json")) {
            return "{}";
        }
        if (mediaType.startsWith("multipart/form-data")) {
            return "--guard--\r\n"; // an upload without parts
        }
        return "x";
    }
}
