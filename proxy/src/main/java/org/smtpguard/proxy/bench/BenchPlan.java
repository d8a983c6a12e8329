package org.smtpguard.proxy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.smtpguard.proxy.config.HostPort;

/**
 * What one {@code smtpguard bench} run does: how many messages of what size, over how many
 * concurrent sessions and how many per session, to which server, bounded in time.
 *
 * @param tlsCa     trust anchors for the server's certificate (PEM); empty: the JDK's
 * @param tlsName   the name the server's certificate must carry (and SNI)
 * @param tlsResume resume TLS sessions (off: every session pays a full handshake, as most legacy clients do)
 * @param threads   event loop threads of the load generator
 */
public record BenchPlan(HostPort target, Mode mode, Optional<Path> tlsCa, String tlsName, boolean tlsResume,
                        int connections, long messages, int perConnection, int size,
                        Optional<Credentials> auth, Duration duration, Duration replyTimeout, int threads) {

    /** How the load generator talks to the server. */
    public enum Mode {
        PLAIN, STARTTLS, IMPLICIT;

        boolean tls() {
            return this != PLAIN;
        }
    }

    /** AUTH PLAIN credentials. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return user + ":***";
        }
    }

    /** The same plan with another message count. */
    public BenchPlan withMessages(long count) {
        return new BenchPlan(target, mode, tlsCa, tlsName, tlsResume, connections, count, perConnection, size, auth,
                duration, replyTimeout, threads);
    }

    public BenchPlan {
        if (connections < 1 || connections > 100_000) {
            throw new IllegalArgumentException("--connections must be 1..100000");
        }
        if (messages < 1 || messages > 100_000_000L) {
            throw new IllegalArgumentException("--messages must be 1..100000000");
        }
        if (perConnection < 1) {
            throw new IllegalArgumentException("--per-connection must be at least 1");
        }
        if (size < 0 || size > 1_000_000_000) {
            throw new IllegalArgumentException("--size must be 0..1000000000 bytes");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("--duration must be more than 0 and at most 24h");
        }
        if (replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw new IllegalArgumentException("--reply-timeout must be more than 0");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads must be 1..64");
        }
    }
}
