package org.smtpguard.proxy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Fetching MTA-STS policy files (RFC 8461 §3.3).
 *
 * @param fetchTimeout for connecting to {@code mta-sts.<domain>} and for the whole exchange
 * @param ca           PEM trust anchors for the policy hosts; empty: the JDK's trust store
 * @param policyPort   the policy hosts' HTTPS port: always 443, except in tests (no key sets it)
 */
public record MtaStsConfig(Duration fetchTimeout, Optional<Path> ca, int policyPort) {

    /** The only port RFC 8461 knows. */
    public static final int HTTPS_PORT = 443;

    public MtaStsConfig {
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        Objects.requireNonNull(ca, "ca");
        if (policyPort < 1 || policyPort > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + policyPort);
        }
    }

    /** The defaults: 20 s, the JDK's CAs, port 443. */
    public static MtaStsConfig defaults() {
        return new MtaStsConfig(ConfigKeys.MTASTS_FETCH_TIMEOUT.parsedDefault(), Optional.empty(), HTTPS_PORT);
    }

    public MtaStsConfig withCa(Path newCa) {
        return new MtaStsConfig(fetchTimeout, Optional.of(newCa), policyPort);
    }

    /** For tests only, which cannot bind 443: the policy hosts' port. The host names stay the real ones. */
    public MtaStsConfig withPolicyPortForTests(int port) {
        return new MtaStsConfig(fetchTimeout, ca, port);
    }
}
