package io.mailroom.dispatch.channel;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Routes a campaign's channel name to its {@link MailChannel}. */
@ApplicationScoped
public class Channels {
    private final Map<String, MailChannel> byName;

    @Inject
    public Channels(Instance<MailChannel> channels) {
        this.byName = channels.stream().collect(Collectors.toMap(MailChannel::name, Function.identity()));
    }

    /** The channel, or null when this instance has none of that name. */
    public MailChannel get(String name) {
        return byName.get(name);
    }
}
