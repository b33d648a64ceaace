package io.mailroom.local.fault;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.mailroom.local.Json;
import io.mailroom.local.LocalHttp;

/**
 * An HTTP proxy in front of the SES v2 peer (moto) that plays the parts of SES the peer lacks: the account's
 * limits. It answers {@code GetAccount} (moto does not serve it) from its own daily quota and send rate, refuses
 * {@code SendEmail} with {@code LimitExceededException} once the quota is used up, with {@code SendingPausedException}
 * while sending is paused, and with HTTP 429 {@code TooManyRequestsException} on every n-th call when asked to
 * throttle. Every call it does not refuse goes to the peer; the recipients of each SendEmail the peer accepted are
 * recorded, so a scenario can check the provider's truth against Mailroom's counters; so is every SendEmail whose
 * answer may not have reached the client although the peer may have accepted it (the ambiguous window of SES, which
 * has no idempotency token): the bound on what Mailroom may count ambiguous.
 * Hand-written on the JDK's HTTP server and client: WireMock would need a custom transformer for the stateful quota
 * and a jetty stack on deploy/local's classpath for ~150 lines of forwarding.
 */
public final class SesFaultProxy implements AutoCloseable {
    private static final String SEND_EMAIL = "/v2/email/outbound-emails";
    private static final String GET_ACCOUNT = "/v2/email/account";
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32, r -> {
        Thread t = new Thread(r, "ses-fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient upstream = LocalHttp.client(Duration.ofSeconds(5));
    private final URI target;
    private final AtomicLong sendCalls = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong quotaRefusals = new AtomicLong();
    private final AtomicLong sentInWindow = new AtomicLong();
    private final AtomicLong accountCalls = new AtomicLong();
    private final AtomicLong unansweredSends = new AtomicLong();
    private final ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
    private volatile int throttleEvery;
    private volatile long max24HourSend = -1;
    private volatile double maxSendRate = 1_000;
    private volatile boolean sendingPaused;

    private SesFaultProxy(HttpServer server, URI target) {
        this.server = server;
        this.target = target;
    }

    /** Listens on {@code port} (0 = any free one) of 127.0.0.1 and forwards to {@code targetEndpoint}. */
    public static SesFaultProxy start(int port, String targetEndpoint) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            SesFaultProxy proxy = new SesFaultProxy(server, URI.create(targetEndpoint));
            server.createContext("/", proxy::handle);
            server.setExecutor(proxy.threads);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every n-th SendEmail with 429 TooManyRequestsException (0 = never). */
    public SesFaultProxy throttleEvery(int n) {
        this.throttleEvery = n;
        return this;
    }

    /** The account's 24-hour quota (-1 = unlimited) and send rate, as GetAccount reports them. */
    public SesFaultProxy quota(long max24HourSend, double maxSendRate) {
        this.max24HourSend = max24HourSend;
        this.maxSendRate = maxSendRate;
        return this;
    }

    /** A new 24-hour window: the mails sent so far no longer count against the quota. */
    public SesFaultProxy newQuotaWindow() {
        sentInWindow.set(0);
        return this;
    }

    public SesFaultProxy sendingPaused(boolean paused) {
        this.sendingPaused = paused;
        return this;
    }

    public long sendCalls() {
        return sendCalls.get();
    }

    public long throttled() {
        return throttled.get();
    }

    public long quotaRefusals() {
        return quotaRefusals.get();
    }

    public long accountCalls() {
        return accountCalls.get();
    }

    /**
     * SendEmail calls whose answer the proxy could not hand back: the peer's answer was lost on the way (the peer may
     * have accepted the mail) or the client was gone when it came. The client cannot know what became of these, so
     * they bound what it may count ambiguous; the proxy itself never cuts a call.
     */
    public long unansweredSends() {
        return unansweredSends.get();
    }

    /** Recipients (To addresses) of every SendEmail the peer accepted, one entry per accepted mail and address. */
    public List<String> acceptedRecipients() {
        return List.copyOf(accepted);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && GET_ACCOUNT.equals(path)) {
                accountCalls.incrementAndGet();
                reply(exchange, 200, null, account());
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("POST".equals(method) && SEND_EMAIL.equals(path)) {
                sendEmail(exchange, body);
                return;
            }
            forward(exchange, body);
        }
    }

    private void sendEmail(HttpExchange exchange, byte[] body) throws IOException {
        try {
            answerSendEmail(exchange, body);
        } catch (IOException e) {
            unansweredSends.incrementAndGet();
            throw e;
        }
    }

    private void answerSendEmail(HttpExchange exchange, byte[] body) throws IOException {
        long call = sendCalls.incrementAndGet();
        int every = throttleEvery;
        if (every > 0 && call % every == 0) {
            throttled.incrementAndGet();
            reply(exchange, 429, "TooManyRequestsException", error("Maximum sending rate exceeded."));
            return;
        }
        if (sendingPaused) {
            reply(exchange, 400, "SendingPausedException", error("Sending is paused for this account."));
            return;
        }
        long max = max24HourSend;
        if (max >= 0 && sentInWindow.incrementAndGet() > max) {
            sentInWindow.decrementAndGet();
            quotaRefusals.incrementAndGet();
            reply(exchange, 400, "LimitExceededException", error("Daily message quota exceeded."));
            return;
        }
        HttpResponse<byte[]> response = call(exchange, body);
        // counted before the answer goes back: a client that reads the counts after its call must find it there
        if (response.statusCode() / 100 == 2) {
            accepted.addAll(recipients(body));
        } else if (max >= 0) {
            sentInWindow.decrementAndGet();
        }
        relay(exchange, response);
    }

    /** Relays the call to the peer and its answer back. */
    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        relay(exchange, call(exchange, body));
    }

    private HttpResponse<byte[]> call(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try {
            return upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void relay(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private byte[] account() {
        ObjectNode quota = Json.MAPPER.createObjectNode()
                .put("Max24HourSend", (double) max24HourSend)
                .put("MaxSendRate", maxSendRate)
                .put("SentLast24Hours", (double) sentInWindow.get());
        ObjectNode account = Json.MAPPER.createObjectNode()
                .put("EnforcementStatus", "HEALTHY")
                .put("ProductionAccessEnabled", true)
                .put("SendingEnabled", !sendingPaused)
                .put("DedicatedIpAutoWarmupEnabled", false);
        account.set("SendQuota", quota);
        return account.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] error(String message) {
        return Json.MAPPER.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, String errorType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (errorType != null) {
            // restJson1: the SDK picks the exception class from this header
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static List<String> recipients(byte[] body) {
        try {
            JsonNode to = Json.MAPPER.readTree(body).path("Destination").path("ToAddresses");
            return to.isArray() ? Json.MAPPER.convertValue(to, Json.MAPPER.getTypeFactory()
                    .constructCollectionType(List.class, String.class)) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
