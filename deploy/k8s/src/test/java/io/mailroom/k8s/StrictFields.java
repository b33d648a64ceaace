package io.mailroom.k8s;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Fields fabric8's typed model does not know (a typo such as {@code readinesProbe} lands in additionalProperties). */
final class StrictFields {
    private static final String MODEL = "io.fabric8.kubernetes.api.model";

    private StrictFields() {
    }

    static List<String> unknown(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata resource : rendered.resources()) {
            if (!(resource instanceof GenericKubernetesResource)) {
                walk(resource.getKind() + " " + resource.getMetadata().getName(), resource, problems);
            }
        }
        return problems;
    }

    private static void walk(String path, Object value, List<String> problems) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(path + "[" + i++ + "]", item, problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(path + "." + k, v, problems));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith(MODEL)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                walk(path + "." + field(getter.getName()), child, problems);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }

    private static String field(String getter) {
        return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
    }
}
