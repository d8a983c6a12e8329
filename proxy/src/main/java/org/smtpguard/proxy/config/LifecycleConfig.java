package org.smtpguard.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How smtpguard stops and how it notices new certificate files.
 *
 * @param shutdownGrace     after SIGTERM, how long sessions in progress may take to finish before
 *                          the rest are closed with {@code 421 4.3.2}
 * @param tlsReloadInterval how often the certificate files ({@code client.tls.*}, {@code upstream.tls.ca})
 *                          are checked for changes
 */
public record LifecycleConfig(Duration shutdownGrace, Duration tlsReloadInterval) {

    public LifecycleConfig {
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(tlsReloadInterval, "tlsReloadInterval");
        if (shutdownGrace.isNegative() || shutdownGrace.isZero()) {
            throw new IllegalArgumentException("shutdown.grace must be greater than 0: " + shutdownGrace);
        }
        if (tlsReloadInterval.isNegative() || tlsReloadInterval.isZero()) {
            throw new IllegalArgumentException("tls.reload_interval must be greater than 0: " + tlsReloadInterval);
        }
    }

    /** The defaults of the lifecycle keys. */
    public static LifecycleConfig defaults() {
        return new LifecycleConfig(ConfigKeys.SHUTDOWN_GRACE.parsedDefault(),
                ConfigKeys.TLS_RELOAD_INTERVAL.parsedDefault());
    }

    public LifecycleConfig withShutdownGrace(Duration newShutdownGrace) {
        return new LifecycleConfig(newShutdownGrace, tlsReloadInterval);
    }

    public LifecycleConfig withTlsReloadInterval(Duration newTlsReloadInterval) {
        return new LifecycleConfig(shutdownGrace, newTlsReloadInterval);
    }
}
