package io.mailroom.dispatch.channel.ses;

import java.util.concurrent.CompletionException;

import io.mailroom.dispatch.channel.ProviderException;
import io.mailroom.dispatch.channel.ProviderException.Kind;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/** Maps SES v2 SendEmail errors to what the sender must do (notes/ses-sns.md, "SES v2 SendEmail"). */
final class SesFailures {
    private SesFailures() {
    }

    static ProviderException classify(Throwable thrown) {
        Throwable e = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        String detail = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof TooManyRequestsException) {
            return new ProviderException(Kind.TRANSIENT, "ses-throttled", detail, e);
        }
        if (e instanceof LimitExceededException) {
            return new ProviderException(Kind.ACCOUNT_STOP, "ses-quota-exceeded", detail, e);
        }
        if (e instanceof SendingPausedException || e instanceof AccountSuspendedException) {
            return new ProviderException(Kind.ACCOUNT_STOP, "ses-sending-paused", detail, e);
        }
        if (e instanceof MailFromDomainNotVerifiedException || e instanceof NotFoundException) {
            return new ProviderException(Kind.ACCOUNT_STOP, "provider-config", detail, e);
        }
        if (e instanceof MessageRejectedException || e instanceof BadRequestException) {
            return new ProviderException(Kind.PERMANENT, "ses-rejected", detail, e);
        }
        // SendEmail has no idempotency token: a call lost in transit may have been accepted.
        return new ProviderException(Kind.TRANSIENT, "ses-transient", detail, e, e instanceof SdkClientException);
    }
}
