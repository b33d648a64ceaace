package io.mailroom.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Maps a bearer token to its configured name and roles ({@code mailroom.auth.tokens=name:role:token,...}). */
@ApplicationScoped
public class ConfiguredTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    private static final Logger LOG = Logger.getLogger(ConfiguredTokenIdentityProvider.class);
    private final List<ApiToken> tokens;

    public ConfiguredTokenIdentityProvider(@ConfigProperty(name = "mailroom.auth.tokens") Optional<List<String>> specs) {
        List<String> entries = specs.orElse(List.of());
        this.tokens = IntStream.range(0, entries.size()).filter(i -> !entries.get(i).isBlank())
                .mapToObj(i -> ApiToken.parse(i + 1, entries.get(i))).toList();
        if (tokens.isEmpty()) {
            LOG.warn("mailroom.auth.tokens is empty: every /api call will be refused with 401");
        }
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] presented = request.getToken().getToken().getBytes(StandardCharsets.UTF_8);
        ApiToken match = null;
        for (ApiToken token : tokens) {
            // constant-time comparison, and no early exit, so timing reveals nothing about the secrets
            if (MessageDigest.isEqual(presented, token.secret().getBytes(StandardCharsets.UTF_8))) {
                match = token;
            }
        }
        if (match == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(match.name()))
                .addRoles(Roles.implied(match.role()))
                .build());
    }
}
