package io.mailroom.feedback.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Plays SNS's side on loopback with a JDK HttpServer: serves the test signing certificate at {@code /cert.pem} and
 * records every GET of a {@code /confirm/...} SubscribeURL.
 */
public final class LoopbackSnsPeer {
    private final HttpServer server;
    private final byte[] pem;
    private final List<String> confirmations = new CopyOnWriteArrayList<>();

    private LoopbackSnsPeer(String pem) throws IOException {
        this.pem = pem.getBytes(StandardCharsets.US_ASCII);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cert.pem", this::cert);
        server.createContext("/confirm/", this::confirm);
        server.start();
    }

    public static LoopbackSnsPeer start(String pem) {
        try {
            return new LoopbackSnsPeer(pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String certUrl() {
        return baseUrl() + "/cert.pem";
    }

    public String subscribeUrl(String token) {
        return baseUrl() + "/confirm/" + token;
    }

    /** Paths of the SubscribeURLs GET so far. */
    public List<String> confirmations() {
        return List.copyOf(confirmations);
    }

    private void cert(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, pem.length);
        exchange.getResponseBody().write(pem);
        exchange.close();
    }

    private void confirm(HttpExchange exchange) throws IOException {
        confirmations.add(exchange.getRequestURI().getPath());
        byte[] body = "<ConfirmSubscriptionResponse/>".getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
