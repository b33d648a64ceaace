package io.mailroom.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/** Loopback port checks: is a port free, pick a free one, does a port accept connections. */
public final class Ports {
    static final String LOOPBACK_HOST = "127.0.0.1";
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Ports handed out by this JVM, so that two components never get the same "free" port. */
    private static final Set<Integer> handedOut = new HashSet<>();

    private Ports() {
    }

    /**
     * Fails unless {@code port} can be bound on loopback.
     *
     * @param option the CLI option that sets this port, named in the message
     */
    static void requireFree(int port, String option) {
        if (!isFree(port)) {
            throw new StackException("port " + port + " is taken: pass " + option + " or stop the other process");
        }
    }

    /** The requested port after checking it is free, or a free port when {@code requested} is 0. */
    public static int resolve(int requested, String option) {
        if (requested == 0) {
            return pickFree();
        }
        requireFree(requested, option);
        synchronized (handedOut) {
            handedOut.add(requested);
        }
        return requested;
    }

    static int pickFree() {
        synchronized (handedOut) {
            while (true) {
                int port;
                try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
                    port = socket.getLocalPort();
                } catch (IOException e) {
                    throw new StackException("cannot bind any loopback port: " + e.getMessage(), e);
                }
                if (handedOut.add(port)) {
                    return port;
                }
            }
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // The servers themselves bind with SO_REUSEADDR, so a port in TIME_WAIT counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when something accepts TCP connections on loopback {@code port}. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
