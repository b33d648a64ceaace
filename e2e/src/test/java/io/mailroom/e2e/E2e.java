package io.mailroom.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.mailroom.local.EmbeddedStack;
import io.mailroom.local.Ports;
import io.mailroom.local.StackConfig;
import io.mailroom.local.fault.FaultProxy;
import io.mailroom.local.fault.SesFaultProxy;
import io.mailroom.local.ReceivedMail;
import io.mailroom.local.suite.ApiClient;
import io.mailroom.local.suite.MailroomSuite;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;
import io.mailroom.local.suite.SuiteConfig;

/** The suite every e2e test drives: started once per test JVM (the first test pays), stopped when the JVM exits. */
final class E2e {
    /** The SNS topic feedback-service accepts notifications from in the e2e suite. */
    static final String SNS_TOPIC = "arn:aws:sns:us-east-1:123456789012:mailroom-e2e-feedback";
    private static MailroomSuite suite;
    private static Operator operator;
    private static FaultProxy smtpProxy;
    private static SesFaultProxy sesProxy;
    private static int greenMailPort;

    private E2e() {
    }

    static synchronized MailroomSuite suite() {
        if (suite == null) {
            Path state = Path.of("target", "e2e-state").toAbsolutePath();
            // dispatch reaches the SMTP server through a fault proxy (transparent until a test asks for faults)
            greenMailPort = Ports.resolve(0, "--smtp-port");
            smtpProxy = FaultProxy.start(0, greenMailPort);
            // and SES through a proxy that can throttle and play the account's quota
            int sesPort = Ports.resolve(0, "--ses-port");
            sesProxy = SesFaultProxy.start(0, "http://127.0.0.1:" + sesPort);
            SuiteConfig config = SuiteConfig.defaults(StackConfig.builder().smtpPort(greenMailPort).sesPort(sesPort)
                    .build(), state, false);
            // short SMTP sessions, so that "5 % of sessions" is many sessions and not one or two
            config.extraConfig().put(Service.DISPATCH, Map.of("mailroom.smtp.port", String.valueOf(smtpProxy.port()),
                    "mailroom.smtp.max-mails-per-connection", "10", "mailroom.ses.endpoint", sesProxy.endpoint()));
            // small fan-out batches, so that a crash can land in the middle of a fan-out
            config.extraConfig().put(Service.CAMPAIGN, Map.of("mailroom.fanout.batch-size", "100",
                    "mailroom.ses.endpoint", sesProxy.endpoint()));
            // SNS certificates served from loopback by the test (production accepts only https SNS hosts)
            config.extraConfig().put(Service.FEEDBACK, Map.of("mailroom.sns.trusted-cert-url-prefix", "http://127.0.0.1:",
                    "mailroom.sns.allowed-topic-arns", SNS_TOPIC));
            suite = MailroomSuite.start(config);
            suite.stack().verifySesIdentity("mailroom.test");
            operator = new Operator(new ApiClient(suite));
        }
        return suite;
    }

    static synchronized FaultProxy smtpProxy() {
        suite();
        return smtpProxy;
    }

    /** The SMTP server's (GreenMail's) own port, where the SMTP proxy forwards unless a test retargets it. */
    static synchronized int greenMailPort() {
        suite();
        return greenMailPort;
    }

    static synchronized SesFaultProxy sesProxy() {
        suite();
        return sesProxy;
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

    /** A plain JDBC connection to one service's database on the suite's PostgreSQL, to read what it recorded. */
    static Connection database(String db) throws SQLException {
        EmbeddedStack stack = suite().stack();
        return DriverManager.getConnection(stack.jdbcUrl(db), stack.dbUser(), stack.dbPassword());
    }

    /** The single number {@code sql} selects from one service's database. */
    static long count(String db, String sql) throws SQLException {
        try (Connection c = database(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Mails the SMTP server received more than once for the same recipient of one campaign. */
    static long duplicatesOf(long campaignId) {
        return mailsByRecipient(campaignId).values().stream().mapToLong(l -> l.size() - 1).sum();
    }
}
