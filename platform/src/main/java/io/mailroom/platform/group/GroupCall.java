package io.mailroom.platform.group;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Runs concurrent single-item calls as one call per group (group commit): while a group's call runs, the items that
 * arrive queue up and go together in the next one, so a lone item goes at once and the round trips per item fall as
 * the load rises. Each caller's Uni completes with its own result or fails with its group's failure. Hand-written
 * because Mutiny's grouping operators work on one stream by size or time, not across independent callers.
 *
 * <p>Options: {@link #withConcurrentGroups} lets a next group start while earlier ones are still running, and
 * {@link #isolatingFailures} calls each item of a failed group alone, so one item the callee refuses does not fail the
 * others of its group.
 *
 * @param <I> one caller's input
 * @param <O> one caller's result; {@code call} returns one per input, in the inputs' order
 */
public final class GroupCall<I, O> {
    /** One caller waiting for its group. */
    private record Pending<I, O>(I item, UniEmitter<? super O> done) {}

    private final int maxGroup;
    private final int concurrentGroups;
    private final boolean isolateFailures;
    private final Function<List<I>, Uni<List<O>>> call;
    private final ArrayDeque<Pending<I, O>> waiting = new ArrayDeque<>();
    private int running;

    /** One group at a time, at most {@code maxGroup} items each; a failed group fails all its callers. */
    public GroupCall(int maxGroup, Function<List<I>, Uni<List<O>>> call) {
        this(maxGroup, 1, false, call);
    }

    private GroupCall(int maxGroup, int concurrentGroups, boolean isolateFailures,
            Function<List<I>, Uni<List<O>>> call) {
        if (maxGroup < 1 || concurrentGroups < 1) {
            throw new IllegalArgumentException("maxGroup and concurrentGroups must be positive, got " + maxGroup
                    + " and " + concurrentGroups);
        }
        this.maxGroup = maxGroup;
        this.concurrentGroups = concurrentGroups;
        this.isolateFailures = isolateFailures;
        this.call = call;
    }

    /** The same calls with up to {@code groups} groups running at once. */
    public GroupCall<I, O> withConcurrentGroups(int groups) {
        return new GroupCall<>(maxGroup, groups, isolateFailures, call);
    }

    /** The same calls, where a failed group of several items is called again item by item. */
    public GroupCall<I, O> isolatingFailures() {
        return new GroupCall<>(maxGroup, concurrentGroups, true, call);
    }

    public Uni<O> submit(I item) {
        return Uni.createFrom().emitter(emitter -> {
            List<Pending<I, O>> group;
            synchronized (waiting) {
                waiting.add(new Pending<>(item, emitter));
                group = nextGroup();
            }
            if (group != null) {
                run(group);
            }
        });
    }

    /** Under the lock: the next group to run, or null when nothing waits or every slot is busy. */
    private List<Pending<I, O>> nextGroup() {
        if (waiting.isEmpty() || running >= concurrentGroups) {
            return null;
        }
        running++;
        List<Pending<I, O>> group = new ArrayList<>(Math.min(waiting.size(), maxGroup));
        while (!waiting.isEmpty() && group.size() < maxGroup) {
            group.add(waiting.poll());
        }
        return group;
    }

    private void run(List<Pending<I, O>> group) {
        invoke(group).subscribe().with(outputs -> {
            // the next group starts before this one's callers go on with their results
            slotFreed();
            deliver(group, outputs);
        }, failure -> {
            if (isolateFailures && group.size() > 1) {
                runEachAlone(group);
            } else {
                slotFreed();
                group.forEach(p -> p.done().fail(failure));
            }
        });
    }

    // the slot stays taken until every single-item call has ended, so a failing callee is not flooded
    private void runEachAlone(List<Pending<I, O>> group) {
        List<Uni<Void>> each = group.stream().map(p -> invoke(List.of(p))
                .invoke(outputs -> deliver(List.of(p), outputs))
                .onFailure().invoke(p.done()::fail)
                .replaceWithVoid()
                .onFailure().recoverWithNull()).toList();
        Uni.join().all(each).andFailFast().subscribe().with(x -> slotFreed(), x -> slotFreed());
    }

    private Uni<List<O>> invoke(List<Pending<I, O>> group) {
        try {
            return call.apply(group.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    // a short list would otherwise throw inside a Mutiny callback (where it is dropped) and leave callers waiting
    private static <I, O> void deliver(List<Pending<I, O>> group, List<O> outputs) {
        if (outputs == null || outputs.size() != group.size()) {
            IllegalStateException wrong = new IllegalStateException("a group of " + group.size() + " got "
                    + (outputs == null ? "no" : outputs.size()) + " results");
            group.forEach(p -> p.done().fail(wrong));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).done().complete(outputs.get(i));
        }
    }

    private void slotFreed() {
        List<Pending<I, O>> next;
        synchronized (waiting) {
            running--;
            next = nextGroup();
        }
        if (next != null) {
            run(next);
        }
    }
}
