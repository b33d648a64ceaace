package io.mailroom.dispatch.channel.ses;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2AsyncClient;
import software.amazon.awssdk.services.sesv2.SesV2AsyncClientBuilder;

/** The one SES v2 client of the instance, shared by sending and the account-rate refresh. */
@ApplicationScoped
public class SesClientProducer {
    @Produces
    @ApplicationScoped
    SesV2AsyncClient client(SesConfig config) {
        SesV2AsyncClientBuilder builder = SesV2AsyncClient.builder()
                .region(Region.of(config.region()))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(config.maxConcurrency()))
                // without these the SDK has no overall deadline: a peer that never answers hangs the call
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(config.apiCallAttemptTimeout())
                        .apiCallTimeout(config.apiCallTimeout()).build());
        if (config.endpoint().isPresent()) {
            builder.endpointOverride(URI.create(config.endpoint().get()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(config.accessKey(), config.secretKey())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    void close(@Disposes SesV2AsyncClient client) {
        client.close();
    }
}
