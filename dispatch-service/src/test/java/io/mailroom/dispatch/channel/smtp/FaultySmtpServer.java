package io.mailroom.dispatch.channel.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server on loopback whose faults are chosen by the recipient's local part, for per-recipient faults
 * that Postfix {@code smtp-sink -r/-f} cannot express (it rejects every recipient alike; {@link SmtpSinkTest} uses
 * it): {@code soft2-*} gets 451 on its first two RCPTs, {@code softall-*} always 451, {@code hard-*} 550,
 * {@code cutrcpt-*} loses the connection at its first RCPT, {@code cutdot-*} loses it after the final dot of its
 * first DATA (the ambiguous window). Anything else is accepted.
 */
public final class FaultySmtpServer implements AutoCloseable {
    private final ServerSocket server;
    private final Map<String, AtomicInteger> rcptCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> dataCounts = new ConcurrentHashMap<>();
    private final List<String> acceptedKeys = new CopyOnWriteArrayList<>();
    private final List<String> deliveredKeys = new CopyOnWriteArrayList<>();

    public FaultySmtpServer() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "faulty-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** X-Mailroom-Key of every message the server answered 250 to. */
    public List<String> acceptedKeys() {
        return List.copyOf(acceptedKeys);
    }

    /** X-Mailroom-Key of every message whose final dot the server received (accepted or cut before the reply). */
    public List<String> deliveredKeys() {
        return List.copyOf(deliveredKeys);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> session(socket), "faulty-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = socket.getOutputStream();
            reply(out, "220 faulty ESMTP");
            String rcpt = null;
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase();
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    reply(out, "250 faulty");
                } else if (upper.startsWith("MAIL FROM")) {
                    rcpt = null;
                    reply(out, "250 2.1.0 Ok");
                } else if (upper.startsWith("RCPT TO")) {
                    rcpt = line.substring(line.indexOf('<') + 1, line.indexOf('>')).toLowerCase();
                    int seen = rcptCounts.computeIfAbsent(rcpt, k -> new AtomicInteger()).incrementAndGet();
                    if (rcpt.startsWith("cutrcpt-") && seen == 1) {
                        return;
                    } else if (rcpt.startsWith("hard-")) {
                        reply(out, "550 5.1.1 <" + rcpt + ">: Recipient address rejected: user unknown");
                    } else if (rcpt.startsWith("softall-") || (rcpt.startsWith("soft2-") && seen <= 2)) {
                        reply(out, "451 4.7.1 <" + rcpt + ">: Recipient address rejected: try again later");
                    } else {
                        reply(out, "250 2.1.5 Ok");
                    }
                } else if (upper.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    String key = readData(in);
                    deliveredKeys.add(key);
                    int seen = dataCounts.computeIfAbsent(rcpt, k -> new AtomicInteger()).incrementAndGet();
                    if (rcpt != null && rcpt.startsWith("cutdot-") && seen == 1) {
                        return;
                    }
                    acceptedKeys.add(key);
                    reply(out, "250 2.0.0 Ok: queued");
                } else if (upper.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "250 Ok"); // RSET, NOOP
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to record
        }
    }

    private static String readData(BufferedReader in) throws IOException {
        String key = null;
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (line.startsWith("X-Mailroom-Key:")) {
                key = line.substring("X-Mailroom-Key:".length()).trim();
            }
        }
        return key;
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
