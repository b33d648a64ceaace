package io.mailroom.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/** The repository's overlays (and broken test overlays), each rendered once per test JVM. */
final class Overlays {
    static final Path ROOT = Path.of(System.getProperty("mailroom.root", "../..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final Path BROKEN = K8S.resolve("src/test/resources/broken");
    private static final Map<Path, CompletableFuture<Rendered>> CACHE = new ConcurrentHashMap<>();
    private static final ExecutorService RENDERERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "kustomize");
        thread.setDaemon(true);
        return thread;
    });

    static {
        // kubectl spends most of its ~1 s waiting: start every render at once, the tests then wait for theirs
        List.of(K8S.resolve("overlays/dev"), K8S.resolve("overlays/prod"), prodKedaDir()).forEach(Overlays::start);
        try (Stream<Path> broken = Files.list(BROKEN)) {
            broken.forEach(Overlays::start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Overlays() {
    }

    static Rendered dev() {
        return render(K8S.resolve("overlays/dev"));
    }

    static Rendered prod() {
        return render(K8S.resolve("overlays/prod"));
    }

    /** prod with the optional KEDA component added to its components, as docs/operations.md tells ops to do. */
    static Rendered prodWithKeda() {
        return render(prodKedaDir());
    }

    private static Path prodKedaDir() {
        Path dir = K8S.resolve("target/prod-keda");
        try {
            String prod = Files.readString(K8S.resolve("overlays/prod/kustomization.yaml"));
            String hpa = "  - ../../components/dispatch-hpa\n";
            if (!prod.contains(hpa)) {
                throw new IllegalStateException("overlays/prod no longer lists " + hpa.trim());
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kustomization.yaml"),
                    prod.replace(hpa, hpa + "  - ../../components/keda\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A deliberately broken overlay under src/test/resources/broken. */
    static Rendered broken(String name) {
        return render(BROKEN.resolve(name));
    }

    static Rendered render(Path dir) {
        try {
            return start(dir).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static CompletableFuture<Rendered> start(Path dir) {
        return CACHE.computeIfAbsent(dir, d -> CompletableFuture.supplyAsync(
                () -> Rendered.parse(K8S.relativize(d).toString(), Kustomize.render(d)), RENDERERS));
    }
}
