package io.mailroom.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.mailroom.events.Topics;

/**
 * Reads Java sources for config a service requires (no default, not Optional, not a Map) and the topics its outbox
 * writes.
 */
final class SourceScan {
    private static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "@ConfigProperty\\(([^)]*)\\)\\s*(?:final\\s+)?([\\w.]+)");
    private static final Pattern NAME = Pattern.compile("name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING_METHOD = Pattern.compile("^\\s*([\\w.<>, ?]+?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern OUTBOX = Pattern.compile(
            "(OutboxMessage\\.(?:of|tombstone|deadLetter)|\\.withTopic)\\(\\s*Topics\\.([A-Z_]+)");

    /** Required property name → where it is declared. */
    final Map<String, String> required = new TreeMap<>();
    /** Topic → where the code writes it. */
    final Map<String, String> produced = new LinkedHashMap<>();

    static SourceScan of(List<Path> sourceRoots) {
        SourceScan scan = new SourceScan();
        for (Path root : sourceRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    scan.read(file, Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scan;
    }

    private void read(Path file, String source) {
        String where = file.getFileName().toString();
        Matcher m = CONFIG_PROPERTY.matcher(source);
        while (m.find()) {
            Matcher name = NAME.matcher(m.group(1));
            if (name.find() && !m.group(1).contains("defaultValue") && !m.group(2).startsWith("Optional")) {
                required.putIfAbsent(name.group(1), "@ConfigProperty in " + where);
            }
        }
        Matcher mapping = MAPPING.matcher(source);
        if (mapping.find()) {
            readMapping(mapping.group(1), source.substring(mapping.end()), where);
        }
        Matcher outbox = OUTBOX.matcher(source);
        while (outbox.find()) {
            String topic = topic(outbox.group(2)) + (outbox.group(1).endsWith("deadLetter") ? ".dlq" : "");
            produced.putIfAbsent(topic, outbox.group(1) + "(Topics." + outbox.group(2) + ") in " + where);
        }
    }

    private void readMapping(String prefix, String body, String where) {
        boolean defaulted = false;
        for (String line : body.lines().toList()) {
            String trimmed = line.trim();
            if (trimmed.startsWith("@WithDefault")) {
                defaulted = true;
                continue;
            }
            Matcher method = MAPPING_METHOD.matcher(line);
            if (method.find()) {
                // a Map member is empty when no key is configured (dispatch starts in %prod without domain caps)
                if (!defaulted && !method.group(1).startsWith("Optional") && !method.group(1).startsWith("Map<")) {
                    required.putIfAbsent(prefix + "." + kebab(method.group(2)), "@ConfigMapping in " + where);
                }
                defaulted = false;
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static String topic(String constant) {
        try {
            return (String) Topics.class.getField(constant).get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("Topics." + constant + " is not a topic name", e);
        }
    }

    static List<Path> roots(Path... modules) {
        List<Path> roots = new ArrayList<>();
        for (Path module : modules) {
            roots.add(module.resolve("src/main/java"));
        }
        return roots;
    }
}
