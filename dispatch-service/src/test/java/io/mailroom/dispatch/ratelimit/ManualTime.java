package io.mailroom.dispatch.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;

/** Time the test moves by hand: a clock, its nanosecond reading and a timer that fires when the test says so. */
final class ManualTime extends Clock implements TokenBucket.Scheduler {
    /** A task and its due time in nanoseconds. */
    private record Timer(long due, long seq, Runnable task) {}

    private final Instant start;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timer::due).thenComparingLong(Timer::seq));
    private long nanos;
    private long seq;

    ManualTime(Instant start) {
        this.start = start;
    }

    long nanos() {
        return nanos;
    }

    /** Moves the clock without firing any timer (a stalled scheduler or event loop). */
    void stall(Duration by) {
        nanos += by.toNanos();
    }

    /** Fires the due timers in order, each {@code lateness} after its due time, until none is due by {@code end}. */
    void runUntil(long end, long lateness) {
        while (!timers.isEmpty() && timers.peek().due() + lateness <= end) {
            Timer t = timers.poll();
            nanos = Math.max(nanos, t.due() + lateness);
            t.task().run();
        }
        nanos = Math.max(nanos, end);
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
        timers.add(new Timer(nanos + delayNanos, seq++, task));
    }

    @Override
    public Instant instant() {
        return start.plusNanos(nanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
