package io.mailroom.dispatch.channel.smtp;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The SMTP relay dispatch sends through ({@code mailroom.smtp.*}). */
@ConfigMapping(prefix = "mailroom.smtp")
public interface SmtpConfig {
    String host();

    int port();

    /** Several relays as {@code host:port}, used round-robin, each with its own pool; replaces host and port. */
    Optional<List<String>> servers();

    Optional<String> username();

    Optional<String> password();

    /** DISABLED, OPTIONAL or REQUIRED (Vert.x {@code StartTLSOptions}). */
    @WithDefault("OPTIONAL")
    String starttls();

    @WithDefault("false")
    boolean ssl();

    @WithDefault("20")
    int maxPoolSize();

    /** Recycles a connection after this many mails (SES and others cut long-lived connections). */
    @WithDefault("500")
    int maxMailsPerConnection();

    @WithDefault("true")
    boolean pipelining();

    @WithDefault("mailroom")
    String ownHostname();

    /**
     * The longest a whole SMTP transaction may take. A hung connection (a peer that stops answering) must fail
     * before dispatch's take-over age of a SENDING claim (mailroom.dispatch.take-over-after, 45 s): past it, the
     * claim counts as a crashed instance's and another delivery of the record resends it.
     */
    @WithDefault("30s")
    java.time.Duration sendTimeout();
}
