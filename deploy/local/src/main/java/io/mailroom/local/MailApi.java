package io.mailroom.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The received-mail HTTP API: {@code GET /messages}, {@code GET /count}, {@code DELETE /messages}.
 *
 * <p>Built on the JDK's HTTP server because GreenMail's own REST API only comes with its standalone runtime.
 */
final class MailApi implements AutoCloseable {
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final MailInbox inbox;
    private final int port;
    private HttpServer server;
    private ExecutorService executor;

    MailApi(MailInbox inbox, int port) {
        this.inbox = inbox;
        this.port = port;
    }

    void start() {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK: every
        // request would take ~40 ms. Read once, when the first HttpServer of this JVM starts.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, port), 0);
        } catch (IOException e) {
            throw new StackException("cannot start the mail API on port " + port + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mailroom-mail-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/messages", this::messages);
        server.createContext("/count", this::count);
        server.start();
    }

    String url() {
        return "http://" + Ports.LOOPBACK_HOST + ":" + port;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void messages(HttpExchange exchange) throws IOException {
        if (!exactPath(exchange, "/messages")) {
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "GET" -> respond(exchange, 200, inbox.messages());
            case "DELETE" -> {
                inbox.clear();
                respond(exchange, 204, null);
            }
            default -> methodNotAllowed(exchange, "GET, DELETE");
        }
    }

    private void count(HttpExchange exchange) throws IOException {
        if (!exactPath(exchange, "/count")) {
            return;
        }
        if (exchange.getRequestMethod().equals("GET")) {
            respond(exchange, 200, Map.of("count", inbox.count()));
        } else {
            methodNotAllowed(exchange, "GET");
        }
    }

    /** HttpServer matches contexts by prefix; anything below them is a 404. */
    private static boolean exactPath(HttpExchange exchange, String path) throws IOException {
        if (exchange.getRequestURI().getPath().equals(path)) {
            return true;
        }
        respond(exchange, 404, Map.of("error", "no such resource: " + exchange.getRequestURI().getPath()));
        return false;
    }

    private static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        respond(exchange, 405, Map.of("error", "method " + exchange.getRequestMethod() + " not allowed"));
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        try (exchange) {
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] json = Json.MAPPER.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        }
    }
}
