package io.mailroom.local.cli;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.mailroom.local.suite.Service;

/** The options of {@code up} and {@code demo}: the stack's, plus each service's port and {@code --keep}. */
record SuiteOptions(StackOptions stack, Map<Service, Integer> servicePorts, boolean keep) {
    static final String USAGE = StackOptions.USAGE
            + " [--subscriber-port N] [--campaign-port N] [--dispatch-port N] [--feedback-port N]";

    static SuiteOptions parse(List<String> args) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, s.defaultPort());
        }
        List<String> rest = new ArrayList<>();
        boolean keep = false;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            Service service = serviceOf(option);
            if (option.equals("--keep")) {
                keep = true;
            } else if (service != null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                ports.put(service, StackOptions.port(option, args.get(++i)));
            } else {
                rest.add(option);
            }
        }
        return new SuiteOptions(StackOptions.parse(rest), ports, keep);
    }

    private static Service serviceOf(String option) {
        for (Service s : Service.values()) {
            if (option.equals("--" + s.shortName() + "-port")) {
                return s;
            }
        }
        return null;
    }
}
