package io.mailroom.subscriber.http;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.platform.problem.Problem;
import io.mailroom.subscriber.common.Json;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Scopes {@code quarkus.http.limits.max-body-size} (1 GB, for CSV uploads) to {@code POST /api/imports}: every other
 * request body is limited to {@code mailroom.http.max-body-size} (1 MB). Quarkus has one limit for the whole server;
 * this route runs right after Quarkus' own check (order -2) and before any resource reads the body.
 */
@ApplicationScoped
public class BodySizeLimit {
    /** Quarkus' body-limit route has order -2 (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT); this one runs after it. */
    private static final int ORDER = -1;
    private static final String UPLOAD_PATH = "/api/imports";

    @ConfigProperty(name = "mailroom.http.max-body-size", defaultValue = "1M")
    MemorySize limit;

    void install(@Observes Router router) {
        long max = limit.asLongValue();
        router.route().order(ORDER).handler(ctx -> check(ctx, max));
    }

    private static void check(RoutingContext ctx, long max) {
        if (ctx.request().method() == HttpMethod.POST && UPLOAD_PATH.equals(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            // a chunked body: the reader (VertxInputStream) stops at this size, replacing the server-wide 1 GB
            ctx.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, max);
            ctx.next();
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            ctx.next(); // the HTTP codec answers a malformed Content-Length itself
            return;
        }
        if (declared <= max) {
            ctx.next();
            return;
        }
        // the body is not read: close the connection after the answer, as Quarkus' own limit does
        String message = "has " + declared + " bytes; the limit is " + max + " bytes (only POST " + UPLOAD_PATH
                + " takes larger bodies)";
        String body = Json.write(new Problem("about:blank", "Payload Too Large", 413, "body: " + message,
                List.of(new Problem.FieldError("body", message))));
        ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> ctx.request().connection().close())
                .end(body);
    }
}
