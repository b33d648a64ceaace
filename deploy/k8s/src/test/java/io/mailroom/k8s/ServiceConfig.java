package io.mailroom.k8s;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** What one service reads in %prod: platform defaults, its application.properties and its sources, combined. */
record ServiceConfig(String service, Map<String, String> defaults, Map<String, String> required, SourceScan scan) {
    static final List<String> SERVICES =
            List.of("subscriber-service", "campaign-service", "dispatch-service", "feedback-service");
    /** Defaults that only work on a developer's machine: %prod must override them. */
    private static final Pattern DEV_VALUE = Pattern.compile("127\\.0\\.0\\.1|localhost|change-me|:000000000000:");

    static ServiceConfig load(String service) {
        Path platform = Overlays.ROOT.resolve("platform");
        Path module = Overlays.ROOT.resolve(service);
        Profiles profiles = Profiles.load(module.resolve("src/main/resources/application.properties"))
                .over(Profiles.load(platform.resolve("src/main/resources/META-INF/microprofile-config.properties")));
        SourceScan scan = SourceScan.of(SourceScan.roots(platform, module));
        Map<String, String> required = new TreeMap<>();
        profiles.devOnly().forEach(key -> required.put(key, "set only in %dev"));
        scan.required.forEach((key, where) -> {
            if (!profiles.prod().containsKey(key)) {
                required.put(key, where + ", no default");
            }
        });
        profiles.prod().forEach((key, value) -> {
            if (DEV_VALUE.matcher(value).find()) {
                required.put(key, "default '" + value + "' only works on a developer machine");
            }
        });
        return new ServiceConfig(service, profiles.prod(), required, scan);
    }

    /** The effective %prod configuration once the container's environment is applied (empty value = unset). */
    Map<String, String> effective(Map<String, String> env) {
        Map<String, String> config = new LinkedHashMap<>(defaults);
        for (String key : List.copyOf(config.keySet())) {
            String value = env.get(envName(key));
            if (value != null) {
                if (value.isEmpty()) {
                    config.remove(key);
                } else {
                    config.put(key, value);
                }
            }
        }
        required.keySet().forEach(key -> {
            String value = env.get(envName(key));
            if (value != null && !value.isEmpty()) {
                config.put(key, value);
            }
        });
        return config;
    }

    /** The MicroProfile Config environment variable name of a property (mailroom.public-url → MAILROOM_PUBLIC_URL). */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }
}
