package io.mailroom.local.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that injects the faults a real network has: it cuts a chosen share of connections in the
 * middle of the client's stream (a reset, at a random byte between {@code minCutBytes} and {@code maxCutBytes}),
 * cuts a chosen share in SMTP's ambiguous window (the server's reply to the final dot withheld), and can delay every
 * chunk. Every cut is counted by where it fell: in the ambiguous window or outside it (see {@link SmtpDialogue}), so
 * a scenario can bound what Mailroom may call ambiguous by what really was. Put in front of the SMTP server by the
 * e2e scenarios. Hand-written: Toxiproxy needs its own server binary, which this machine cannot fetch, and knows
 * nothing of SMTP.
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private volatile InetSocketAddress target;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Link> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong cutsOutsideWindow = new AtomicLong();
    private final AtomicLong cutsAfterFinalDot = new AtomicLong();
    private volatile double cutShare;
    private volatile double windowCutShare;
    private volatile int minCutBytes = 64;
    private volatile int maxCutBytes = 4096;
    private volatile long delayMillis;
    private volatile boolean closed;

    /**
     * Cuts counted so far: {@code afterFinalDot} fell in the ambiguous window (final dot forwarded to the server, its
     * reply not yet to the client), {@code outsideWindow} anywhere else (the server cannot have accepted a message
     * the client does not know about).
     */
    public record Cuts(long outsideWindow, long afterFinalDot) {
        public long total() {
            return outsideWindow + afterFinalDot;
        }

        /** The cuts made since {@code earlier} was taken. */
        public Cuts since(Cuts earlier) {
            return new Cuts(outsideWindow - earlier.outsideWindow, afterFinalDot - earlier.afterFinalDot);
        }
    }

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
     * Fails over to loopback {@code port}: new connections go there, and the open ones are reset (and counted as
     * cuts), as when the old server goes away (a pooled client would otherwise keep talking to it).
     */
    public FaultProxy retarget(int port) {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        open.forEach(this::cut);
        return this;
    }

    /** From now on, cut this share (0..1) of new connections somewhere in their client stream. */
    public FaultProxy cutShare(double share) {
        this.cutShare = share;
        return this;
    }

    /**
     * From now on, cut this share (0..1) of new connections in the ambiguous window of their first message: the
     * server has accepted it, its reply is withheld and both sides are reset.
     */
    public FaultProxy windowCutShare(double share) {
        this.windowCutShare = share;
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

    /** How many connections were cut so far, wherever the cut fell. */
    public long cuts() {
        return cutCounts().total();
    }

    /** The cuts so far, by whether they fell in the ambiguous window. */
    public Cuts cutCounts() {
        return new Cuts(cutsOutsideWindow.get(), cutsAfterFinalDot.get());
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
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long cutAt = random.nextDouble() < cutShare
                ? random.nextInt(minCutBytes, Math.max(minCutBytes + 1, maxCutBytes))
                : Long.MAX_VALUE;
        boolean windowCut = random.nextDouble() < windowCutShare;
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 5000);
        } catch (IOException e) {
            reset(client);
            return;
        }
        Link link = new Link(client, upstream, windowCut);
        open.add(link);
        threads.execute(() -> pumpReplies(link));
        pumpCommands(link, cutAt);
    }

    /** Copies the client's stream to the server; after {@code cutAt} bytes the link is cut, as a broken link would. */
    private void pumpCommands(Link link, long cutAt) {
        byte[] buffer = new byte[8192];
        long forwarded = 0;
        try (InputStream in = link.client.getInputStream(); OutputStream out = link.upstream.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                pause();
                boolean cutNow = forwarded + n >= cutAt;
                int part = cutNow ? (int) (cutAt - forwarded) : n;
                // followed before the write: the server's reply may come back before this thread runs again
                link.dialogue.forwardedToServer(buffer, 0, part);
                out.write(buffer, 0, part);
                out.flush();
                if (cutNow) {
                    cut(link);
                    return;
                }
                forwarded += n;
            }
        } catch (IOException e) {
            // the other direction closed or reset the pair, or the client went away: nothing left to copy
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish(link, link.upstream);
        }
    }

    /** Copies the server's replies to the client; withholds the reply to the final dot of a window-cut link. */
    private void pumpReplies(Link link) {
        byte[] buffer = new byte[8192];
        try (InputStream in = link.upstream.getInputStream(); OutputStream out = link.client.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                pause();
                if (link.windowCut && link.dialogue.inAmbiguousWindow()) {
                    // the server sends nothing but this reply in the window: it has accepted (or refused) the message
                    cut(link);
                    return;
                }
                link.dialogue.readFromServer(buffer, 0, n);
                out.write(buffer, 0, n);
                out.flush();
                link.dialogue.writtenToClient();
            }
        } catch (IOException e) {
            // the other direction closed or reset the pair: nothing left to copy
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish(link, link.client);
        }
    }

    private void pause() throws InterruptedException {
        if (delayMillis > 0) {
            Thread.sleep(delayMillis);
        }
    }

    /** Resets both sides of {@code link}, counting the cut once, by where in the SMTP dialogue it fell. */
    private void cut(Link link) {
        if (!link.cut.compareAndSet(false, true)) {
            return;
        }
        (link.dialogue.inAmbiguousWindow() ? cutsAfterFinalDot : cutsOutsideWindow).incrementAndGet();
        reset(link.client);
        reset(link.upstream);
        open.remove(link);
    }

    /** One direction ended: the other side is closed too (an orderly close, unless the link was cut). */
    private void finish(Link link, Socket other) {
        close(other);
        open.remove(link);
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
        open.forEach(link -> {
            reset(link.client);
            reset(link.upstream);
        });
        threads.shutdownNow();
    }

    /** One proxied connection: its two sockets, where its SMTP dialogue is, and whether it was cut. */
    private static final class Link {
        final Socket client;
        final Socket upstream;
        final boolean windowCut;
        final SmtpDialogue dialogue = new SmtpDialogue();
        final AtomicBoolean cut = new AtomicBoolean();

        Link(Socket client, Socket upstream, boolean windowCut) {
            this.client = client;
            this.upstream = upstream;
            this.windowCut = windowCut;
        }
    }
}
