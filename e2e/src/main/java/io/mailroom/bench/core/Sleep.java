package io.mailroom.bench.core;

/** Thread.sleep for polling loops, with the interrupt turned into an unchecked failure. */
public final class Sleep {
    private Sleep() {
    }

    public static void millis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
