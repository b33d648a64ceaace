package io.mailroom.local.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The SMTP fault proxy counts a cut in the ambiguous window (final dot at the server, its reply not at the client)
 * apart from every other cut, against a real SMTP server (GreenMail) and a client whose bytes the test controls.
 */
class FaultProxyTest {
    private static final String HELLO = "EHLO client.test\r\n";

    private GreenMail smtp;
    private FaultProxy proxy;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        proxy = FaultProxy.start(0, smtp.getSmtp().getPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        smtp.stop();
    }

    @Test
    void aWithheldReplyToTheFinalDotIsACutAfterTheFinalDot() throws Exception {
        proxy.windowCutShare(1);
        try (Client client = new Client(proxy.port())) {
            client.transactionUpToTheFinalDot("a@window.test");
            assertNull(client.reply(), "the reply to the final dot must not reach the client");
        }
        assertEquals(new FaultProxy.Cuts(0, 1), proxy.cutCounts());
        // the window is real: the server has the message the client never heard about, whole
        assertTrue(smtp.waitForIncomingEmail(1));
        assertEquals(List.of("a@window.test"), recipients());
        assertTrue(smtp.getReceivedMessages()[0].getContent().toString().contains("last line"));
    }

    @Test
    void aByteCutRightAfterTheFinalDotIsInTheWindow() throws Exception {
        int finalDotEnd = HELLO.length() + envelope("e@dot.test").length() + content("e@dot.test").length() + 3;
        proxy.cutShare(1).cutBetween(finalDotEnd, finalDotEnd + 1);
        try (Client client = new Client(proxy.port())) {
            client.transactionUpToTheFinalDot("e@dot.test");
            assertNull(client.reply());
        }
        // whether the server read the dot before the reset is a race: the window is where it may have
        assertEquals(new FaultProxy.Cuts(0, 1), proxy.cutCounts());
    }

    @Test
    void aCutInTheMiddleOfTheContentIsOutsideTheWindow() throws Exception {
        int contentStart = HELLO.length() + envelope("b@content.test").length();
        proxy.cutShare(1).cutBetween(contentStart + 20, contentStart + 21);
        try (Client client = new Client(proxy.port())) {
            client.transactionUpToTheFinalDot("b@content.test");
            assertNull(client.reply(), "the connection was cut before the final dot");
        }
        assertEquals(new FaultProxy.Cuts(1, 0), proxy.cutCounts());
        assertDeliveredOnlyTheNextMail();
    }

    @Test
    void aCutAfterTheReplyReachedTheClientIsOutsideTheWindow() throws Exception {
        // the first mail goes through whole; the cut falls in the second one's MAIL command
        int secondMail = HELLO.length() + envelope("c@first.test").length() + content("c@first.test").length() + 3;
        proxy.cutShare(1).cutBetween(secondMail + 5, secondMail + 6);
        try (Client client = new Client(proxy.port())) {
            client.transactionUpToTheFinalDot("c@first.test");
            assertTrue(client.reply().startsWith("250 "), "the first mail was accepted and the client knows it");
            client.send(envelope("c@second.test"));
            assertNull(client.reply());
        }
        assertEquals(new FaultProxy.Cuts(1, 0), proxy.cutCounts());
        assertTrue(smtp.waitForIncomingEmail(1));
        assertEquals(List.of("c@first.test"), recipients());
    }

    @Test
    void anUncutDialogueCountsNothingAndARetargetResetIsCounted() throws Exception {
        try (Client client = new Client(proxy.port())) {
            client.transactionUpToTheFinalDot("d@clean.test");
            assertTrue(client.reply().startsWith("250 "));
            // a command after the reply: the proxy has seen the client has it (the reset below is not in the window)
            client.send("NOOP\r\n");
            assertTrue(client.reply().startsWith("250 "));
            assertEquals(new FaultProxy.Cuts(0, 0), proxy.cutCounts());
            proxy.retarget(smtp.getSmtp().getPort());
            assertNull(client.reply(), "the open connection was reset");
        }
        assertEquals(new FaultProxy.Cuts(1, 0), proxy.cutCounts());
    }

    // The first connection was cut before its final dot, so the server can never deliver its message; a second
    // connection's mail, once received, shows that the server handled the cut one without delivering anything.
    private void assertDeliveredOnlyTheNextMail() throws Exception {
        proxy.cutShare(0);
        try (Client client = new Client(proxy.port())) {
            client.transactionUpToTheFinalDot("next@clean.test");
            assertTrue(client.reply().startsWith("250 "));
        }
        assertTrue(smtp.waitForIncomingEmail(1));
        assertEquals(List.of("next@clean.test"), recipients());
    }

    private List<String> recipients() throws MessagingException {
        return Arrays.stream(smtp.getReceivedMessages()).map(FaultProxyTest::to).toList();
    }

    private static String to(MimeMessage message) {
        try {
            return message.getAllRecipients() == null ? "?" : message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    // a dot-stuffed line, a dot inside a line and a line that is a dot plus text: none of them ends the content
    private static String content(String to) {
        return "To: " + to + "\r\nSubject: window\r\n\r\n..not the end\r\na.b\r\n.. \r\nlast line\r\n";
    }

    private static String envelope(String to) {
        return "MAIL FROM:<sender@test>\r\nRCPT TO:<" + to + ">\r\nDATA\r\n";
    }

    /** A plain SMTP client, one command (or the content) at a time, that waits for each reply. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedReader in;

        Client(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertTrue(reply().startsWith("220 "));
            send(HELLO);
            assertTrue(reply().startsWith("250 "));
        }

        /** MAIL, RCPT, DATA and the content with its final dot, each after the reply to the one before. */
        void transactionUpToTheFinalDot(String to) throws IOException {
            for (String command : envelope(to).split("(?<=\r\n)")) {
                send(command);
                String reply = reply();
                if (reply == null) {
                    return;
                }
                assertTrue(reply.startsWith(command.startsWith("DATA") ? "354" : "250"), reply);
            }
            send(content(to) + ".\r\n");
        }

        void send(String text) throws IOException {
            try {
                out.write(text.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // cut: the next reply() says so
            }
        }

        /** The last line of the next reply, or null when the connection was cut (closed or reset). */
        String reply() {
            try {
                String line;
                do {
                    line = in.readLine();
                } while (line != null && line.length() > 3 && line.charAt(3) == '-');
                return line;
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
