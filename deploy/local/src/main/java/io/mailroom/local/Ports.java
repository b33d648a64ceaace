package io.mailroom.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port checks: is a port free, pick a free one, does a port accept connections. */
public final class Ports {
    static final String LOOPBACK_HOST = "127.0.0.1";
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static final int PICK_FROM = 15000;
    private static final int DEFAULT_EPHEMERAL_START = 32768;
    private static final int EPHEMERAL_START = ephemeralStart();

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

    /**
     * A free port below the kernel's ephemeral range: a port taken from that range (bind to port 0) can be handed to
     * some outgoing connection in the seconds between picking it and the server binding it.
     */
    static int pickFree() {
        synchronized (handedOut) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(PICK_FROM, EPHEMERAL_START);
                if (!handedOut.contains(port) && isFree(port)) {
                    handedOut.add(port);
                    return port;
                }
            }
            throw new StackException("no free loopback port between " + PICK_FROM + " and " + EPHEMERAL_START
                    + " after 200 tries: pass explicit ports");
        }
    }

    private static int ephemeralStart() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            int start = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
            return start > PICK_FROM + 1000 ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an unexpected format: the Linux default is a fine guess.
            return DEFAULT_EPHEMERAL_START;
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
