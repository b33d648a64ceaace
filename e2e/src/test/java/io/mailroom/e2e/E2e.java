package io.mailroom.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.mailroom.local.StackConfig;
import io.mailroom.local.ReceivedMail;
import io.mailroom.local.suite.ApiClient;
import io.mailroom.local.suite.MailroomSuite;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.SuiteConfig;

/** The suite every e2e test drives: started once per test JVM (the first test pays), stopped when the JVM exits. */
final class E2e {
    private static MailroomSuite suite;
    private static Operator operator;

    private E2e() {
    }

    static synchronized MailroomSuite suite() {
        if (suite == null) {
            Path state = Path.of("target", "e2e-state").toAbsolutePath();
            SuiteConfig config = SuiteConfig.defaults(StackConfig.builder().build(), state, false);
            suite = MailroomSuite.start(config);
            operator = new Operator(new ApiClient(suite));
        }
        return suite;
    }

    static synchronized Operator operator() {
        suite();
        return operator;
    }

    /** Every mail the SMTP server received for one campaign (any generation), grouped by recipient. */
    static Map<String, List<ReceivedMail>> mailsByRecipient(long campaignId) {
        String prefix = campaignId + ":";
        return suite().stack().inbox().messages().stream()
                .filter(m -> m.headers().getOrDefault("X-Mailroom-Key", "").startsWith(prefix))
                .collect(Collectors.groupingBy(m -> String.join(",", m.to())));
    }

    /** Mails the SMTP server received more than once for the same recipient of one campaign. */
    static long duplicatesOf(long campaignId) {
        return mailsByRecipient(campaignId).values().stream().mapToLong(l -> l.size() - 1).sum();
    }
}
