package io.mailroom.subscriber.imports;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The emails one import has read so far, each with the line it was first read at, to report a later row with the same
 * email as a duplicate in the file. Held by the import's runner: an import cut off by a restart is failed, not resumed
 * (ImportRecovery), so nothing here needs to outlive the process.
 */
final class SeenEmails {
    // Hand-written open addressing over primitive arrays: the build has no primitive-collections library, and a
    // HashMap<String, Long> of a million emails would take ~150 MB of the service's heap (this: 24 bytes a slot,
    // at most 48 MB).
    // Keys are 128-bit MD5 digests of the email (an identity, not a security measure): a false duplicate would need two
    // addresses of one file to collide on 128 bits.
    private static final int INITIAL_CAPACITY = 1 << 12;

    private final MessageDigest md5;
    private long[] high = new long[INITIAL_CAPACITY];
    private long[] low = new long[INITIAL_CAPACITY];
    /** The line of each slot's email; 0 marks an empty slot (lines start at 1). */
    private long[] lines = new long[INITIAL_CAPACITY];
    private int size;

    SeenEmails() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides MD5", e);
        }
    }

    /** Records {@code email} as read at {@code line} (≥ 1) unless read before; returns the earlier line, or 0. */
    long firstSeen(String email, long line) {
        ByteBuffer digest = ByteBuffer.wrap(md5.digest(email.getBytes(StandardCharsets.UTF_8)));
        long h = digest.getLong();
        long l = digest.getLong();
        int slot = slot(h, l);
        if (lines[slot] != 0) {
            return lines[slot];
        }
        high[slot] = h;
        low[slot] = l;
        lines[slot] = line;
        if (++size * 4 > lines.length * 3) {
            grow();
        }
        return 0;
    }

    int size() {
        return size;
    }

    /** The slot holding the digest, or the empty slot where it belongs (linear probing). */
    private int slot(long h, long l) {
        int mask = lines.length - 1;
        int i = (int) (l ^ (l >>> 32)) & mask;
        while (lines[i] != 0 && (high[i] != h || low[i] != l)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        long[] oldLines = lines;
        high = new long[oldLines.length * 2];
        low = new long[oldLines.length * 2];
        lines = new long[oldLines.length * 2];
        for (int i = 0; i < oldLines.length; i++) {
            if (oldLines[i] != 0) {
                int slot = slot(oldHigh[i], oldLow[i]);
                high[slot] = oldHigh[i];
                low[slot] = oldLow[i];
                lines[slot] = oldLines[i];
            }
        }
    }
}
