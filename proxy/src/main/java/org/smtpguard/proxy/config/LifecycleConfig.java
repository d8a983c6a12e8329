package org.smtpguard.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How smtpguard stops.
 *
 * @param shutdownGrace after SIGTERM, how long sessions in progress may take to finish before the
 *                      rest are closed with {@code 421 4.3.2}
 */
public record LifecycleConfig(Duration shutdownGrace) {

    public LifecycleConfig {
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative() || shutdownGrace.isZero()) {
            throw new IllegalArgumentException("shutdown.grace must be greater than 0: " + shutdownGrace);
        }
    }

    /** The defaults of the lifecycle keys. */
    public static LifecycleConfig defaults() {
        return new LifecycleConfig(ConfigKeys.SHUTDOWN_GRACE.parsedDefault());
    }
}
