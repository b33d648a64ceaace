package io.mailroom.k8s;

import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelector;

/** Label selector matching (matchLabels and the In / NotIn / Exists / DoesNotExist expressions). */
final class Labels {
    private Labels() {
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null && !have.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        return selector.getMatchExpressions() == null || selector.getMatchExpressions().stream().allMatch(e -> switch (e.getOperator()) {
            case "In" -> e.getValues().contains(have.get(e.getKey()));
            case "NotIn" -> !e.getValues().contains(have.get(e.getKey()));
            case "Exists" -> have.containsKey(e.getKey());
            case "DoesNotExist" -> !have.containsKey(e.getKey());
            default -> false;
        });
    }
}
