package io.mailroom.dispatch.send;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.mailroom.dispatch.campaign.CampaignReplica;
import io.mailroom.dispatch.channel.Channels;
import io.mailroom.dispatch.channel.MailChannel;
import io.mailroom.dispatch.channel.OutgoingMail;
import io.mailroom.dispatch.channel.ProviderException;
import io.mailroom.dispatch.metrics.DispatchMetrics;
import io.mailroom.dispatch.ratelimit.Permit;
import io.mailroom.dispatch.ratelimit.RateLimiter;
import io.mailroom.dispatch.status.ProviderHealth;
import io.mailroom.dispatch.render.RenderException;
import io.mailroom.dispatch.render.Renderer;
import io.mailroom.dispatch.sendlog.Claim;
import io.mailroom.dispatch.sendlog.SendLog;
import io.mailroom.dispatch.sendlog.SendLogEntry;
import io.mailroom.dispatch.suppression.SubscriberReplica;
import io.mailroom.dispatch.suppression.Suppression;
import io.mailroom.events.CampaignState;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendOutcome.Result;
import io.mailroom.events.SendRequest;
import io.mailroom.platform.kafka.Consumers;
import io.smallrye.mutiny.Uni;

/**
 * Settles one send request: campaign status, suppression re-check, idempotency claim, render, provider call,
 * outcome. Database errors are retried in place; provider errors become a {@link Verdict}.
 */
@ApplicationScoped
public class SendProcessor {
    private static final Logger LOG = Logger.getLogger(SendProcessor.class);

    @Inject
    CampaignReplica campaigns;

    @Inject
    SubscriberReplica subscribers;

    @Inject
    SendLog sendLog;

    @Inject
    Renderer renderer;

    @Inject
    Channels channels;

    @Inject
    OutcomeWriter outcomes;

    @Inject
    DispatchMetrics metrics;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    ProviderHealth health;

    @ConfigProperty(name = "mailroom.dispatch.ambiguous-policy", defaultValue = "resend")
    String ambiguousPolicy;

    @ConfigProperty(name = "mailroom.dispatch.campaign-wait", defaultValue = "30s")
    Duration campaignWait;

    /** Keys whose provider call is running in this JVM: a SENDING row for one of them is not a crash leftover. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** Set on shutdown: no new claim, so no provider call starts that the process might not see finish. */
    private volatile boolean leaving;

    /** @param lastAttempt no delayed retry is left: a transient failure is final ({@code exhausted}) */
    public Uni<Verdict> process(SendRequest send, boolean lastAttempt) {
        return campaign(send.campaignId()).flatMap(campaign -> {
            if (campaign == null) {
                String reason = "campaign " + send.campaignId() + " not replicated yet";
                return Uni.createFrom().item(lastAttempt ? Verdict.deadLetter(reason) : Verdict.retry(reason));
            }
            if (send.isTest()) {
                // an operator's test mail: sent whatever the campaign's status (a draft too), to the address given,
                // without the suppression re-check
                return rateLimiter.acquire(campaign, send)
                        .flatMap(permit -> claim(send, campaign, lastAttempt, permit).eventually(permit::release));
            }
            return stopBeforeSending(send, campaign).flatMap(stopped -> stopped != null ? Uni.createFrom().item(stopped)
                    : rateLimiter.acquire(campaign, send).flatMap(permit -> recheckAfterWait(send, campaign, permit)
                            .flatMap(late -> late != null ? Uni.createFrom().item(late)
                                    : claim(send, campaign, lastAttempt, permit))
                            .eventually(permit::release)));
        });
    }

    public int inFlight() {
        return inFlight.size();
    }

    /** From now on a send that reaches its claim is left unclaimed ({@link Verdict#LEAVE}); claimed ones go on. */
    public void stopClaiming() {
        leaving = true;
    }

    // The campaign may still be on its way through mailroom.campaigns: wait a little before handing the record to
    // the delayed-retry topics.
    // (The retry pipeline is only built when the campaign is missing: built for every send it was a measurable
    // share of dispatch's CPU.)
    private Uni<CampaignState> campaign(long campaignId) {
        Uni<CampaignState> lookup = Consumers.retryTransient(campaigns.find(campaignId));
        return lookup.flatMap(found -> found != null ? Uni.createFrom().item(found) : lookup
                .onItem().ifNull().failWith(CampaignUnknownException::new)
                .onFailure(CampaignUnknownException.class).retry()
                .withBackOff(Duration.ofMillis(50), Duration.ofSeconds(1)).expireIn(campaignWait.toMillis())
                .onFailure(CampaignUnknownException.class).recoverWithNull());
    }

    /**
     * The verdict that ends a send before the provider call — campaign paused (DEFERRED) or cancelled, recipient
     * suppressed (SKIPPED), with its outcome emitted — or a null item when the send may go on.
     */
    private Uni<Verdict> stopBeforeSending(SendRequest send, CampaignState campaign) {
        return switch (campaign.status()) {
            case "paused" -> done(outcomes.emit(outcome(send, campaign, Result.DEFERRED, "campaign-paused",
                    campaign.statusReason(), 0, null, false)));
            case "cancelled" -> done(outcomes.emit(outcome(send, campaign, Result.SKIPPED, "cancelled",
                    campaign.statusReason(), 0, null, false)));
            default -> Consumers.retryTransient(subscribers.find(send.subscriberId()))
                    .map(facts -> Suppression.check(facts, campaign.listIds()))
                    .flatMap(skip -> skip.isPresent()
                            ? done(outcomes.emit(outcome(send, campaign, Result.SKIPPED, skip.get().reason(),
                                    skip.get().detail(), 0, null, false)))
                            : Uni.createFrom().nullItem());
        };
    }

    // A send can wait seconds, at low rates minutes, for its token: the campaign may have been paused or the
    // recipient blocklisted (a bounce, a bulk action) meanwhile, so the checks are made again on the latest state.
    private Uni<Verdict> recheckAfterWait(SendRequest send, CampaignState campaign, Permit permit) {
        if (!permit.waited()) {
            return Uni.createFrom().nullItem();
        }
        return campaign(send.campaignId()).flatMap(latest -> stopBeforeSending(send, latest == null ? campaign : latest));
    }

    private Uni<Verdict> claim(SendRequest send, CampaignState campaign, boolean lastAttempt, Permit permit) {
        if (leaving) {
            return Uni.createFrom().item(Verdict.LEAVE);
        }
        return Consumers.retryTransient(sendLog.claim(send, campaign.channel())).flatMap(claim -> {
            if (claim instanceof Claim.Owned owned) {
                return send(send, campaign, owned, lastAttempt, permit);
            }
            SendLogEntry entry = ((Claim.Existing) claim).entry();
            return switch (entry.state()) {
                case SENT, FAILED -> done(outcomes.emit(replay(send, entry)));
                case RETRYING -> Uni.createFrom().item(Verdict.retry("concurrent attempt of " + send.idempotencyKey()));
                case SENDING -> ambiguous(send, campaign, entry, lastAttempt, permit);
            };
        });
    }

    private Uni<Verdict> ambiguous(SendRequest send, CampaignState campaign, SendLogEntry entry, boolean lastAttempt,
            Permit permit) {
        if (inFlight.contains(send.idempotencyKey())) {
            return Uni.createFrom().item(Verdict.retry("in flight: " + send.idempotencyKey()));
        }
        if (AmbiguousPolicy.valueOf(ambiguousPolicy.toUpperCase()) == AmbiguousPolicy.RESEND) {
            // a claim too young to be a crash's may still be another live instance's: retried later, not resent now
            return Consumers.retryTransient(sendLog.takeOver(send.idempotencyKey())).flatMap(owned -> {
                if (owned == null) {
                    return Uni.createFrom().item(Verdict.retry("claimed, maybe in flight elsewhere: "
                            + send.idempotencyKey()));
                }
                LOG.warnf("send %s found SENDING (crash during the provider call): sent again, counted ambiguous",
                        send.idempotencyKey());
                metrics.ambiguous(entry.channel());
                return send(send, campaign, owned, lastAttempt, permit);
            });
        }
        LOG.warnf("send %s found SENDING (crash during the provider call): counted SENT, ambiguous",
                send.idempotencyKey());
        metrics.ambiguous(entry.channel());
        String providerId = entry.providerId() != null ? entry.providerId() : MailComposer.messageId(send);
        return done(outcomes.complete(outcome(send, campaign, Result.SENT, null, "crashed during the provider call",
                entry.attempts(), providerId, true)));
    }

    private Uni<Verdict> send(SendRequest send, CampaignState campaign, Claim.Owned claim, boolean lastAttempt,
            Permit permit) {
        int attempts = claim.attempts();
        MailChannel channel = channels.get(campaign.channel());
        if (channel == null) {
            return deferAccountStop(send, campaign, attempts, new ProviderException(ProviderException.Kind.ACCOUNT_STOP,
                    "provider-config", "channel " + campaign.channel() + " is not configured", null));
        }
        OutgoingMail mail;
        Uni<String> call;
        try {
            mail = MailComposer.compose(campaign, send, renderer.render(campaign, send));
            // a channel that throws here has not reached the provider: it refused to build the mail
            call = channel.send(mail);
        } catch (RuntimeException e) {
            // The same data builds the same broken mail on every retry: FAILED(render) now. (An exception escaping
            // here once left the key claimed SENDING and in inFlight, so every retry deferred and no outcome came.)
            String detail = e instanceof RenderException ? e.getMessage() : "building the mail: " + e;
            return done(outcomes.complete(outcome(send, campaign, Result.FAILED, RenderException.REASON, detail,
                    attempts, null, false)));
        }
        String key = send.idempotencyKey();
        inFlight.add(key);
        long start = System.nanoTime();
        return call
                .onItemOrFailure().invoke((id, failure) -> {
                    // counted as sent whatever the reply: the provider saw it
                    permit.sent();
                    metrics.providerLatency(channel.name(), failure == null, Duration.ofNanos(System.nanoTime() - start));
                    health.record(channel.name(), failure);
                })
                .flatMap(providerId -> done(outcomes.complete(outcome(send, campaign, Result.SENT, null, null,
                        attempts, providerId, claim.ambiguous()))))
                .onFailure(ProviderException.class).recoverWithUni(failure -> failed(send, campaign, attempts,
                        lastAttempt, mail, (ProviderException) failure))
                .eventually(() -> inFlight.remove(key));
    }

    private Uni<Verdict> failed(SendRequest send, CampaignState campaign, int attempts, boolean lastAttempt,
            OutgoingMail mail, ProviderException failure) {
        return switch (failure.kind()) {
            case PERMANENT -> done(outcomes.complete(outcome(send, campaign, Result.FAILED, failure.reason(),
                    failure.detail(), attempts, null, false)));
            case AMBIGUOUS -> {
                metrics.ambiguous(campaign.channel());
                yield done(outcomes.complete(outcome(send, campaign, Result.SENT, null, failure.detail(), attempts,
                        mail.messageId(), true)));
            }
            case ACCOUNT_STOP -> deferAccountStop(send, campaign, attempts, failure);
            case TRANSIENT -> {
                if (lastAttempt) {
                    yield outcomes.complete(outcome(send, campaign, Result.FAILED, "exhausted", failure.detail(),
                            attempts, null, false)).replaceWith(Verdict.deadLetter("exhausted: " + failure.detail()));
                }
                // the reply may name the recipient: INFO carries it without addresses (ProviderException.loggable)
                LOG.infof("transient failure of %s (attempt %d), retrying later: %s", send.idempotencyKey(), attempts,
                        failure.loggable());
                metrics.retry(campaign.channel(), failure.reason());
                if (failure.possiblyDelivered()) {
                    metrics.ambiguous(campaign.channel());
                }
                yield Consumers.retryTransient(sendLog.markRetrying(send.idempotencyKey(), failure.detail(),
                        failure.possiblyDelivered())).replaceWith(Verdict.retry(failure.detail()));
            }
        };
    }

    // The recipient stays queued: the log row becomes RETRYING so that the re-published send is sent.
    private Uni<Verdict> deferAccountStop(SendRequest send, CampaignState campaign, int attempts,
            ProviderException failure) {
        return Consumers.retryTransient(sendLog.markRetrying(send.idempotencyKey(), failure.detail(), false))
                .flatMap(x -> done(outcomes.emit(outcome(send, campaign, Result.DEFERRED, failure.reason(),
                        failure.detail(), attempts, null, false))));
    }

    private static Uni<Verdict> done(Uni<Void> work) {
        return work.replaceWith(Verdict.DONE);
    }

    private static SendOutcome outcome(SendRequest send, CampaignState campaign, Result result, String reason,
            String detail, int attempts, String providerId, boolean ambiguous) {
        return SendOutcome.of(send, result, reason, detail, attempts, providerId, campaign.channel(), ambiguous,
                Instant.now());
    }

    private static SendOutcome replay(SendRequest send, SendLogEntry entry) {
        return SendOutcome.of(send, Result.valueOf(entry.state().name()), entry.reason(), entry.detail(),
                entry.attempts(), entry.providerId(), entry.channel(), entry.ambiguous(), Instant.now());
    }

    /** The campaign of a send is not in the replica (yet). */
    private static final class CampaignUnknownException extends RuntimeException {
        CampaignUnknownException() {
            super(null, null, false, false);
        }
    }
}
