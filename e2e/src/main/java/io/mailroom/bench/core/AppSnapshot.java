package io.mailroom.bench.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import io.mailroom.local.suite.Service;

/**
 * A private copy of the four services' {@code target/quarkus-app}: the benchmarks run from it, so a rebuild in the
 * shared checkout (another engineer's {@code mvn package}) cannot pull jars from under a running service.
 */
public final class AppSnapshot {
    private AppSnapshot() {
    }

    /**
     * Copies {@code <module>/target/quarkus-app} of every service from {@code projectRoot} into {@code dest}; a build
     * caught half-written (another build running) is copied again after a pause, for up to five minutes.
     */
    public static Path take(Path projectRoot, Path dest) {
        removeStale(dest.getParent());
        long deadline = System.nanoTime() + 300_000_000_000L;
        for (Service s : Service.values()) {
            Path from = projectRoot.resolve(s.module()).resolve("target/quarkus-app");
            Path to = dest.resolve(s.module()).resolve("target/quarkus-app");
            while (!(copy(from, to) && complete(to))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(from + " is missing or incomplete: build first "
                            + "(mvn -B -DskipTests install)");
                }
                System.out.println("  " + from + " is being rebuilt; copying again in 10 s");
                Sleep.millis(10_000);
            }
        }
        return dest;
    }

    private static boolean complete(Path app) {
        return Files.isRegularFile(app.resolve("quarkus-run.jar")) && Files.isDirectory(app.resolve("app"))
                && Files.isDirectory(app.resolve("lib/boot")) && Files.isDirectory(app.resolve("lib/main"))
                && Files.isDirectory(app.resolve("quarkus"));
    }

    private static boolean copy(Path from, Path to) {
        try {
            long age = System.currentTimeMillis()
                    - Files.getLastModifiedTime(from.resolve("quarkus-run.jar")).toMillis();
            if (!complete(from) || age < 20_000) {
                return false; // missing, or written in the last 20 s: wait for the build to settle
            }
            delete(to);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false; // a file vanished under the copy: a build is running
        }
    }

    /** Deletes a snapshot (or any directory tree); a failure leaves files in target/, which is harmless. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    /** Snapshots {@code apps-<pid>} of invocations that are no longer running. */
    private static void removeStale(Path dir) {
        try (Stream<Path> dirs = Files.list(dir)) {
            dirs.filter(d -> d.getFileName().toString().matches("apps(-\\d+)?")).filter(d -> {
                String name = d.getFileName().toString();
                return name.equals("apps") || !ProcessHandle.of(Long.parseLong(name.substring(5)))
                        .map(ProcessHandle::isAlive).orElse(false);
            }).forEach(AppSnapshot::delete);
        } catch (IOException e) {
            // nothing to clean
        }
    }
}
