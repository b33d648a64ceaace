package io.mailroom.feedback.dsn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.mailroom.events.FeedbackEvent.Kind;
import io.mailroom.feedback.ses.RecipientFeedback;
import io.mailroom.platform.problem.ProblemException;

/** RFC 3464 reports become one feedback per recipient, with the reported message's Message-ID for mapping. */
class DsnParserTest {

    static byte[] sample() throws IOException {
        try (InputStream in = DsnParserTest.class.getResourceAsStream("/dsn/failed-and-delayed.eml")) {
            return in.readAllBytes();
        }
    }

    @Test
    void failedAndDelayedRecipientsAreRead() throws IOException {
        DsnReport report = DsnParser.parse(sample());

        assertEquals("<20261128102203.DSN-ID@mx.example.org>", report.reportId());
        assertEquals("<5.42.0@mailroom>", report.originalMessageId());
        assertEquals(2, report.feedback().size());
        RecipientFeedback gone = report.feedback().get(0);
        assertEquals(Kind.HARD_BOUNCE, gone.kind());
        assertEquals("gone@example.org", gone.email());
        assertEquals("5.1.1", gone.subtype());
        assertTrue(gone.diagnostic().contains("User unknown"));
        assertEquals(Instant.parse("2026-11-28T10:22:03Z"), gone.occurredAt());
        RecipientFeedback slow = report.feedback().get(1);
        assertEquals(Kind.DELAYED, slow.kind());
        assertEquals("slow@example.org", slow.email());
    }

    @Test
    void aMailThatIsNotAReportIs400OnBody() {
        byte[] plain = "Subject: hi\r\nContent-Type: text/plain\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

        ProblemException e = assertThrows(ProblemException.class, () -> DsnParser.parse(plain));
        assertEquals("body", e.problem().errors().get(0).field());
        assertThrows(ProblemException.class, () -> DsnParser.parse(new byte[0]));
    }
}
