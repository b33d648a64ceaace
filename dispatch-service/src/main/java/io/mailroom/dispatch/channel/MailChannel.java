package io.mailroom.dispatch.channel;

import java.util.Optional;

import io.smallrye.mutiny.Uni;

/** A way out to mailboxes: SMTP or SES. Fails with {@link ProviderException} only. */
public interface MailChannel {
    /** The campaign channel name this serves ({@code smtp}, {@code ses}). */
    String name();

    /** Sends one mail; the item is the provider's message id. */
    Uni<String> send(OutgoingMail mail);

    /** The provider's own sending rate for the whole account in msg/s (SES's MaxSendRate), when it reports one. */
    default Optional<Double> providerRate() {
        return Optional.empty();
    }
}
