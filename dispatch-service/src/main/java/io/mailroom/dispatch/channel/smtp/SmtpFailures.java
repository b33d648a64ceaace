package io.mailroom.dispatch.channel.smtp;

import io.mailroom.dispatch.channel.ProviderException;
import io.mailroom.dispatch.channel.ProviderException.Kind;
import io.vertx.ext.mail.SMTPException;

/** Classifies what the Vert.x mail client throws (RFC 5321 reply classes; notes/ses-sns.md "SMTP"). */
final class SmtpFailures {
    static final String PERMANENT = "smtp-permanent";
    static final String TRANSIENT = "smtp-transient";
    static final String AMBIGUOUS = "smtp-ambiguous";

    private SmtpFailures() {
    }

    static ProviderException classify(Throwable failure) {
        if (failure instanceof SMTPException smtp) {
            return smtp.isPermanent()
                    ? new ProviderException(Kind.PERMANENT, PERMANENT, smtp.getMessage(), smtp)
                    : new ProviderException(Kind.TRANSIENT, TRANSIENT, smtp.getMessage(), smtp);
        }
        // Vert.x reports a connection lost while waiting for the reply to the final dot this way: the server may
        // already have accepted the message.
        if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("dropping reply")) {
            return new ProviderException(Kind.AMBIGUOUS, AMBIGUOUS, failure.getMessage(), failure);
        }
        // A lost connection: Vert.x Mail 4.5 reports "socket was closed unexpected" alike before and after the final
        // dot, so the stage is unknown. Resending loses nobody; the possible duplicate is counted as ambiguous.
        return new ProviderException(Kind.TRANSIENT, TRANSIENT, String.valueOf(failure), failure, true);
    }
}
