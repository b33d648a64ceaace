package io.mailroom.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization directory with {@code kubectl kustomize}, offline. */
final class Kustomize {
    private Kustomize() {
    }

    static String render(Path dir) {
        try {
            Path err = Files.createTempFile("kustomize-", ".err");
            try {
                Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                        .redirectError(err.toFile()).start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + Files.readString(err));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted rendering " + dir, e);
        }
    }
}
