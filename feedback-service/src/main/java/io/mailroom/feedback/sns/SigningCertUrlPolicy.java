package io.mailroom.feedback.sns;

import java.net.URI;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides whether a URL from an SNS message may be fetched at all: https on an SNS host, no user info or port; a
 * SigningCertURL also needs a {@code .pem} path. A SubscribeURL is checked too: the message names it, and fetching
 * any URL a (possibly forged or replayed) message names would let it make this service call anything it can reach.
 */
@ApplicationScoped
public class SigningCertUrlPolicy {
    private final Pattern hostPattern;
    private final String trustedPrefix;

    SigningCertUrlPolicy(SnsConfig config) {
        this.hostPattern = Pattern.compile(config.certHostPattern());
        this.trustedPrefix = config.trustedCertUrlPrefix().filter(p -> !p.isBlank()).orElse(null);
    }

    /** The SigningCertURL's URI when acceptable, else throws {@link SnsRejectedException} saying why. */
    public URI check(String url) {
        return check("SigningCertURL", url, true);
    }

    /** The SubscribeURL's URI when acceptable, else throws {@link SnsRejectedException} saying why. */
    public URI checkSubscribeUrl(String url) {
        return check("SubscribeURL", url, false);
    }

    private URI check(String field, String url, boolean pem) {
        if (url == null || url.isBlank()) {
            throw new SnsRejectedException(field + " is missing");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new SnsRejectedException(field + " is not a URL");
        }
        if (trustedPrefix != null && url.startsWith(trustedPrefix)) {
            return uri;
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new SnsRejectedException(field + " must be https");
        }
        if (uri.getRawUserInfo() != null || (uri.getPort() != -1 && uri.getPort() != 443)) {
            throw new SnsRejectedException(field + " must not carry user info or a port");
        }
        if (pem && (uri.getPath() == null || !uri.getPath().endsWith(".pem"))) {
            throw new SnsRejectedException(field + " must point to a .pem file");
        }
        if (uri.getHost() == null || !hostPattern.matcher(uri.getHost()).matches()) {
            throw new SnsRejectedException(field + " host " + uri.getHost() + " is not an SNS host");
        }
        return uri;
    }
}
