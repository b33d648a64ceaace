package io.mailroom.dispatch.channel.smtp;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.dispatch.channel.MailChannel;
import io.mailroom.dispatch.channel.OutgoingMail;
import io.mailroom.dispatch.channel.ProviderException;
import io.mailroom.dispatch.render.RenderException;
import io.mailroom.events.CampaignState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.mail.mailencoder.EmailAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;

/** Sends through one or more SMTP relays (round-robin), each with its own Vert.x mail client connection pool. */
@ApplicationScoped
public class SmtpChannel implements MailChannel {
    private final List<MailClient> clients;
    private final AtomicInteger next = new AtomicInteger();
    private final java.time.Duration sendTimeout;

    @Inject
    public SmtpChannel(Vertx vertx, SmtpConfig config) {
        this.sendTimeout = config.sendTimeout();
        List<String> servers = config.servers().orElse(List.of(config.host() + ":" + config.port()));
        this.clients = servers.stream().map(server -> MailClient.create(vertx, mailConfig(config, server))).toList();
    }

    private static MailConfig mailConfig(SmtpConfig config, String server) {
        int colon = server.lastIndexOf(':');
        MailConfig mail = new MailConfig()
                .setHostname(server.substring(0, colon))
                .setPort(Integer.parseInt(server.substring(colon + 1)))
                .setSsl(config.ssl())
                .setStarttls(StartTLSOptions.valueOf(config.starttls()))
                .setMaxPoolSize(config.maxPoolSize())
                .setMaxMailsPerConnection(config.maxMailsPerConnection())
                .setPipelining(config.pipelining())
                .setKeepAlive(true)
                // a connection that stops answering is closed, so a hung peer cannot hold a pool slot forever
                .setIdleTimeout((int) config.sendTimeout().toSeconds())
                .setConnectTimeout(10_000)
                .setOwnHostname(config.ownHostname())
                .setLogin(config.username().isPresent() ? LoginOption.REQUIRED : LoginOption.DISABLED);
        config.username().ifPresent(mail::setUsername);
        config.password().ifPresent(mail::setPassword);
        return mail;
    }

    @Override
    public String name() {
        return CampaignState.SMTP;
    }

    @Override
    public Uni<String> send(OutgoingMail mail) {
        MailMessage message;
        try {
            message = message(mail);
        } catch (IllegalArgumentException e) {
            // Vert.x refuses the mail (an address it cannot parse, a multi-line subject): resending cannot help.
            // Checked here, before the pool: inside sendMail the same error comes back as a failure that reads
            // like a lost connection (transient, possibly delivered), and the recipient went through every retry.
            return Uni.createFrom().failure(new ProviderException(ProviderException.Kind.PERMANENT,
                    RenderException.REASON, "the SMTP client refused the mail: " + e.getMessage(), e));
        }
        MailClient client = clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
        return client.sendMail(message)
                .ifNoItem().after(sendTimeout).failWith(() -> new ProviderException(ProviderException.Kind.TRANSIENT,
                        SmtpFailures.TRANSIENT, "no SMTP reply within " + sendTimeout.toSeconds() + " s", null, true))
                .map(result -> mail.messageId())
                .onFailure(f -> !(f instanceof ProviderException)).transform(SmtpFailures::classify);
    }

    private static MailMessage message(OutgoingMail mail) {
        // the addresses are parsed as Vert.x will parse them while sending (it throws on a bad one)
        new EmailAddress(mail.from());
        new EmailAddress(mail.to());
        if (mail.replyTo() != null) {
            new EmailAddress(mail.replyTo());
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        mail.headers().forEach(headers::add);
        headers.set("Message-ID", mail.messageId());
        MailMessage message = new MailMessage()
                .setFrom(mail.from())
                .setTo(mail.to())
                .setSubject(mail.subject())
                .setHeaders(headers);
        if (mail.replyTo() != null) {
            headers.set("Reply-To", mail.replyTo());
        }
        if (mail.html()) {
            message.setHtml(mail.body());
        } else {
            message.setText(mail.body());
        }
        return message;
    }

    @PreDestroy
    void close() {
        clients.forEach(MailClient::closeAndAwait);
    }
}
