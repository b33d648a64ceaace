package io.mailroom.dispatch.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Runs concurrent single-item calls as one call per group: while a group's call runs, the items that arrive queue up
 * and go together in the next one, so the round trips per item fall as the load rises (group commit). Each caller's
 * Uni completes with its own result, or fails with the group's failure. Hand-written because Mutiny's grouping
 * operators work on one stream, not across independent callers.
 *
 * @param <I> one caller's input
 * @param <O> one caller's result; {@code call} returns one per input, in the inputs' order
 */
public final class GroupCall<I, O> {
    /** One caller waiting for its group. */
    private record Pending<I, O>(I item, UniEmitter<? super O> done) {}

    private final Function<List<I>, Uni<List<O>>> call;
    private final int maxGroup;
    private final Queue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    public GroupCall(int maxGroup, Function<List<I>, Uni<List<O>>> call) {
        this.maxGroup = maxGroup;
        this.call = call;
    }

    public Uni<O> submit(I item) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending<>(item, emitter));
            runNext();
        });
    }

    private void runNext() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        List<Pending<I, O>> group = new ArrayList<>();
        for (Pending<I, O> p; group.size() < maxGroup && (p = queue.poll()) != null;) {
            group.add(p);
        }
        if (group.isEmpty()) {
            running.set(false);
            // an item may have arrived between the poll and the reset
            if (!queue.isEmpty()) {
                runNext();
            }
            return;
        }
        Uni<List<O>> results;
        try {
            results = call.apply(group.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            results = Uni.createFrom().failure(e);
        }
        results.subscribe().with(outputs -> {
            running.set(false);
            runNext();
            // a short list would throw inside this callback (Mutiny drops it) and leave the group's tail waiting forever
            if (outputs == null || outputs.size() != group.size()) {
                IllegalStateException wrong = new IllegalStateException("a group of " + group.size() + " got "
                        + (outputs == null ? "no" : outputs.size()) + " results");
                group.forEach(p -> p.done().fail(wrong));
                return;
            }
            for (int i = 0; i < group.size(); i++) {
                group.get(i).done().complete(outputs.get(i));
            }
        }, failure -> {
            running.set(false);
            runNext();
            group.forEach(p -> p.done().fail(failure));
        });
    }
}
