package io.mailroom.feedback.sns;

import java.net.URI;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/** Decides whether a SigningCertURL may be fetched at all: https, a {@code .pem} path, an SNS host. */
@ApplicationScoped
public class SigningCertUrlPolicy {
    private final Pattern hostPattern;
    private final String trustedPrefix;

    SigningCertUrlPolicy(SnsConfig config) {
        this.hostPattern = Pattern.compile(config.certHostPattern());
        this.trustedPrefix = config.trustedCertUrlPrefix().filter(p -> !p.isBlank()).orElse(null);
    }

    /** Returns the URI when acceptable, else throws {@link SnsRejectedException} saying why. */
    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw new SnsRejectedException("SigningCertURL is missing");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new SnsRejectedException("SigningCertURL is not a URL");
        }
        if (trustedPrefix != null && url.startsWith(trustedPrefix)) {
            return uri;
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new SnsRejectedException("SigningCertURL must be https");
        }
        if (uri.getRawUserInfo() != null || (uri.getPort() != -1 && uri.getPort() != 443)) {
            throw new SnsRejectedException("SigningCertURL must not carry user info or a port");
        }
        if (uri.getPath() == null || !uri.getPath().endsWith(".pem")) {
            throw new SnsRejectedException("SigningCertURL must point to a .pem file");
        }
        if (uri.getHost() == null || !hostPattern.matcher(uri.getHost()).matches()) {
            throw new SnsRejectedException("SigningCertURL host " + uri.getHost() + " is not an SNS host");
        }
        return uri;
    }
}
