package io.mailroom.campaign.ses;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2AsyncClient;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.SendQuota;

/**
 * Asks SES v2 {@code GetAccount} for the account's sending quota, configured by the same {@code mailroom.ses.*} keys
 * as dispatch (an endpoint override, e.g. moto, comes with static credentials). Never fails: an unreachable or
 * refusing SES gives an unknown quota carrying the error, because preflight must still answer.
 */
@ApplicationScoped
public class SesAccount {
    private static final Logger LOG = Logger.getLogger(SesAccount.class);

    @ConfigProperty(name = "mailroom.ses.endpoint")
    Optional<String> endpoint;

    @ConfigProperty(name = "mailroom.ses.region", defaultValue = "us-east-1")
    String region;

    @ConfigProperty(name = "mailroom.ses.access-key", defaultValue = "test")
    String accessKey;

    @ConfigProperty(name = "mailroom.ses.secret-key", defaultValue = "test")
    String secretKey;

    @ConfigProperty(name = "mailroom.ses.quota-timeout", defaultValue = "5s")
    Duration timeout;

    private SesV2AsyncClient client;

    public Uni<SesQuota> quota() {
        return Uni.createFrom().completionStage(() -> client().getAccount(r -> { }))
                .map(SesAccount::quotaOf)
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("SES quota unknown: %s", e.toString());
                    return SesQuota.unknown(e.getMessage() == null ? e.toString() : e.getMessage());
                });
    }

    private static SesQuota quotaOf(GetAccountResponse account) {
        SendQuota q = account.sendQuota();
        if (q == null || q.max24HourSend() == null || q.sentLast24Hours() == null || q.maxSendRate() == null) {
            return SesQuota.unknown("SES GetAccount answered without a send quota");
        }
        return SesQuota.of(q.max24HourSend(), q.sentLast24Hours(), q.maxSendRate());
    }

    // built on first use: a deployment without the ses channel never needs AWS credentials
    private synchronized SesV2AsyncClient client() {
        if (client == null) {
            AwsCredentialsProvider credentials = endpoint.isPresent()
                    ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))
                    : DefaultCredentialsProvider.builder().build();
            var builder = SesV2AsyncClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout));
            endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)));
            client = builder.build();
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
