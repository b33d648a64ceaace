package io.mailroom.local;

import java.nio.file.Path;

/** Test helper JVM: starts a stack in the given work directory, records its state there, and waits to be killed. */
public final class StackOwnerMain {
    private StackOwnerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path workDir = Path.of(args[0]);
        EmbeddedStack stack = EmbeddedStack.start(StackConfig.builder().workDir(workDir).build());
        StackState.of(stack).write(workDir.resolve("stack.json"));
        Thread.currentThread().join();
    }
}
