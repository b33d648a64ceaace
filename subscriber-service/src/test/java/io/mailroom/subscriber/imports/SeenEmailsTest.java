package io.mailroom.subscriber.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Each email of an import is new once and afterwards reports the line it was first read at, across table growth. */
class SeenEmailsTest {
    @Test
    void reportsTheFirstLineOfEveryRepeatedEmailAndNothingForNewOnes() {
        SeenEmails seen = new SeenEmails();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            assertEquals(0, seen.firstSeen("user" + i + "@example.com", i + 2), "new email " + i);
        }
        assertEquals(n, seen.size());
        for (int i = n - 1; i >= 0; i -= 7) {
            assertEquals(i + 2, seen.firstSeen("user" + i + "@example.com", n + 10L + i), "repeated email " + i);
        }
        assertEquals(0, seen.firstSeen("user" + n + "@example.com", 5));
        assertEquals(n + 1, seen.size());
    }
}
