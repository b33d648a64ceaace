package io.mailroom.local.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that injects the faults a real network has: it cuts a chosen share of connections in the
 * middle of the client's stream (a reset, at a random byte between {@code minCutBytes} and {@code maxCutBytes}) and
 * can delay every chunk. Put in front of the SMTP server or the SES endpoint by the e2e scenarios. Hand-written:
 * Toxiproxy needs its own server binary, which this machine cannot fetch.
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private volatile InetSocketAddress target;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong cuts = new AtomicLong();
    private volatile double cutShare;
    private volatile int minCutBytes = 64;
    private volatile int maxCutBytes = 4096;
    private volatile long delayMillis;
    private volatile boolean closed;

    private FaultProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** Listens on {@code port} (0 = any free one) of 127.0.0.1 and forwards to {@code targetPort} there. */
    public static FaultProxy start(int port, int targetPort) {
        try {
            ServerSocket server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(server, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Fails over to loopback {@code port}: new connections go there, and the open ones are reset, as when the old
     * server goes away (a pooled client would otherwise keep talking to it).
     */
    public FaultProxy retarget(int port) {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        open.forEach(FaultProxy::reset);
        return this;
    }

    /** From now on, cut this share (0..1) of new connections somewhere in their client stream. */
    public FaultProxy cutShare(double share) {
        this.cutShare = share;
        return this;
    }

    /** Where in the client's stream a cut may happen, in bytes. */
    public FaultProxy cutBetween(int minBytes, int maxBytes) {
        this.minCutBytes = minBytes;
        this.maxCutBytes = maxBytes;
        return this;
    }

    /** Delays every forwarded chunk by this much. */
    public FaultProxy latency(long millis) {
        this.delayMillis = millis;
        return this;
    }

    public long connections() {
        return connections.get();
    }

    /** How many connections were cut so far. */
    public long cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("fault proxy accept failed", e);
                }
            }
        }
    }

    private void relay(Socket client) {
        long cutAt = ThreadLocalRandom.current().nextDouble() < cutShare
                ? ThreadLocalRandom.current().nextInt(minCutBytes, Math.max(minCutBytes + 1, maxCutBytes))
                : Long.MAX_VALUE;
        try {
            Socket upstream = new Socket();
            upstream.connect(target, 5000);
            open.add(client);
            open.add(upstream);
            threads.execute(() -> pump(upstream, client, Long.MAX_VALUE));
            pump(client, upstream, cutAt);
        } catch (IOException e) {
            reset(client);
        }
    }

    /** Copies {@code from} to {@code to}; after {@code cutAt} bytes both sockets are reset, as a broken link would. */
    private void pump(Socket from, Socket to, long cutAt) {
        byte[] buffer = new byte[8192];
        long forwarded = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                if (forwarded + n >= cutAt) {
                    int part = (int) (cutAt - forwarded);
                    out.write(buffer, 0, part);
                    out.flush();
                    cuts.incrementAndGet();
                    reset(from);
                    reset(to);
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
                forwarded += n;
            }
        } catch (SocketException e) {
            // the other direction closed or reset the pair: nothing left to copy
        } catch (IOException e) {
            reset(from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(to);
            open.remove(from);
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static void close(java.io.Closeable socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        close(server);
        open.forEach(FaultProxy::reset);
        threads.shutdownNow();
    }
}
