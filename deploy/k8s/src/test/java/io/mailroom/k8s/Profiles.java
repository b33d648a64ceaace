package io.mailroom.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** A properties file split by Quarkus profile: what applies in %prod and what only %dev sets. */
record Profiles(Map<String, String> prod, Set<String> devOnly) {
    static Profiles load(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> prodOverrides = new LinkedHashMap<>();
        Set<String> dev = new HashSet<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key);
            if (!key.startsWith("%")) {
                plain.put(key, value);
                continue;
            }
            int dot = key.indexOf('.');
            Set<String> profiles = Set.of(key.substring(1, dot).split(","));
            String name = key.substring(dot + 1);
            if (profiles.contains("prod")) {
                prodOverrides.put(name, value);
            }
            if (profiles.contains("dev")) {
                dev.add(name);
            }
        }
        plain.putAll(prodOverrides);
        dev.removeAll(plain.keySet());
        return new Profiles(plain, dev);
    }

    /** This file's values over {@code lower}'s (a service's application.properties over the platform defaults). */
    Profiles over(Profiles lower) {
        Map<String, String> merged = new LinkedHashMap<>(lower.prod);
        merged.putAll(prod);
        Set<String> dev = new HashSet<>(lower.devOnly);
        dev.addAll(devOnly);
        dev.removeAll(merged.keySet());
        return new Profiles(merged, dev);
    }
}
