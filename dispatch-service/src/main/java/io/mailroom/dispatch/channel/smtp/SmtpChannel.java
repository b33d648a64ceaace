package io.mailroom.dispatch.channel.smtp;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.dispatch.channel.MailChannel;
import io.mailroom.dispatch.channel.OutgoingMail;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;

/** Sends through an SMTP relay with the Vert.x mail client's connection pool. */
@ApplicationScoped
public class SmtpChannel implements MailChannel {
    private final MailClient client;

    @Inject
    public SmtpChannel(Vertx vertx, SmtpConfig config) {
        MailConfig mail = new MailConfig()
                .setHostname(config.host())
                .setPort(config.port())
                .setSsl(config.ssl())
                .setStarttls(StartTLSOptions.valueOf(config.starttls()))
                .setMaxPoolSize(config.maxPoolSize())
                .setMaxMailsPerConnection(config.maxMailsPerConnection())
                .setPipelining(config.pipelining())
                .setKeepAlive(true)
                .setOwnHostname(config.ownHostname())
                .setLogin(config.username().isPresent() ? LoginOption.REQUIRED : LoginOption.DISABLED);
        config.username().ifPresent(mail::setUsername);
        config.password().ifPresent(mail::setPassword);
        this.client = MailClient.create(vertx, mail);
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public Uni<String> send(OutgoingMail mail) {
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
        return client.sendMail(message)
                .map(result -> mail.messageId())
                .onFailure().transform(SmtpFailures::classify);
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
