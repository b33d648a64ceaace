package io.mailroom.local.suite;

/** The four Mailroom services: module directory, database name and default local port. */
public enum Service {
    SUBSCRIBER("subscriber", 8081),
    CAMPAIGN("campaign", 8082),
    DISPATCH("dispatch", 8083),
    FEEDBACK("feedback", 8084);

    private final String shortName;
    private final int defaultPort;

    Service(String shortName, int defaultPort) {
        this.shortName = shortName;
        this.defaultPort = defaultPort;
    }

    /** subscriber, campaign, dispatch or feedback: also the name of the service's database. */
    public String shortName() {
        return shortName;
    }

    public String module() {
        return shortName + "-service";
    }

    public int defaultPort() {
        return defaultPort;
    }
}
