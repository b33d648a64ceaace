package io.mailroom.dispatch.channel.ses;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.dispatch.channel.MailChannel;
import io.mailroom.dispatch.channel.OutgoingMail;
import io.mailroom.dispatch.channel.ProviderException;
import io.mailroom.dispatch.render.RenderException;
import io.mailroom.events.CampaignState;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.services.sesv2.SesV2AsyncClient;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/** Sends through Amazon SES v2 (SendEmail, Simple content) on the SDK's non-blocking client. */
@ApplicationScoped
public class SesChannel implements MailChannel {
    private final SesV2AsyncClient client;
    private final SesConfig config;
    private final SesSendRate sendRate;

    @Inject
    public SesChannel(SesV2AsyncClient client, SesConfig config, SesSendRate sendRate) {
        this.client = client;
        this.config = config;
        this.sendRate = sendRate;
    }

    @Override
    public String name() {
        return CampaignState.SES;
    }

    @Override
    public Uni<String> send(OutgoingMail mail) {
        SendEmailRequest request;
        try {
            request = request(mail);
        } catch (RuntimeException e) {
            // the SDK refused to build the request: the same mail fails the same way on every retry
            return Uni.createFrom().failure(new ProviderException(ProviderException.Kind.PERMANENT,
                    RenderException.REASON, "the SES request could not be built: " + e.getMessage(), e));
        }
        return Uni.createFrom().completionStage(() -> client.sendEmail(request))
                .map(response -> response.messageId())
                .onFailure().transform(SesFailures::classify);
    }

    private SendEmailRequest request(OutgoingMail mail) {
        Body body = mail.html() ? Body.builder().html(text(mail.body())).build()
                : Body.builder().text(text(mail.body())).build();
        // SES replaces Message-ID with its own; the message id it returns is what feedback correlates on.
        List<MessageHeader> headers = mail.headers().entrySet().stream()
                .map(h -> MessageHeader.builder().name(h.getKey()).value(h.getValue()).build()).toList();
        List<MessageTag> tags = mail.tags().entrySet().stream()
                .map(t -> MessageTag.builder().name(t.getKey()).value(t.getValue()).build()).toList();
        SendEmailRequest.Builder request = SendEmailRequest.builder()
                .fromEmailAddress(mail.from())
                .destination(d -> d.toAddresses(mail.to()))
                .content(EmailContent.builder().simple(Message.builder().subject(text(mail.subject())).body(body)
                        .headers(headers).build()).build())
                .emailTags(tags);
        if (mail.replyTo() != null) {
            request.replyToAddresses(mail.replyTo());
        }
        config.configurationSet().ifPresent(request::configurationSetName);
        return request.build();
    }

    private static Content text(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }

    @Override
    public Optional<Double> providerRate() {
        return sendRate.current();
    }
}
