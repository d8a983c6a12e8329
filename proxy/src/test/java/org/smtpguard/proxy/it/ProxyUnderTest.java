package org.smtpguard.proxy.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.smtpguard.proxy.SmtpguardServer;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.config.TimeoutsConfig;

/**
 * smtpguard as the tests run it: one plaintext listener on 127.0.0.1 (an ephemeral port), relaying to
 * an upstream on 127.0.0.1 that it verifies as {@value TestCertificates#UPSTREAM_NAME} against the
 * test CA only, with short deadlines so that a silent peer costs seconds, not minutes.
 */
final class ProxyUnderTest implements AutoCloseable {

    /** The upstream's reply deadline: how long a silent upstream test waits for smtpguard's 421. */
    static final Duration UPSTREAM_REPLY_TIMEOUT = Duration.ofSeconds(2);

    static final TimeoutsConfig SHORT_TIMEOUTS = new TimeoutsConfig(
            Duration.ofSeconds(2),      // connect
            Duration.ofSeconds(2),      // TLS handshake, either leg
            UPSTREAM_REPLY_TIMEOUT,     // upstream greeting and replies
            Duration.ofSeconds(5),      // upstream reply after the end of data
            Duration.ofSeconds(15),     // client idle between commands
            Duration.ofSeconds(15));    // client idle during DATA

    private final SmtpguardServer server;

    private ProxyUnderTest(SmtpguardServer server) {
        this.server = server;
    }

    static SmtpguardConfig config(int upstreamPort, TestCertificates certificates) {
        SmtpguardConfig config = SmtpguardConfig.forTests(new HostPort("127.0.0.1", upstreamPort));
        return config
                .withUpstream(config.upstream().withTlsName(TestCertificates.UPSTREAM_NAME)
                        .withTlsCa(Optional.of(certificates.caPem)))
                .withTimeouts(SHORT_TIMEOUTS);
    }

    static ProxyUnderTest start(int upstreamPort, TestCertificates certificates) throws InterruptedException {
        return start(config(upstreamPort, certificates));
    }

    /** Starts smtpguard with a configuration made from {@link #config} and changed by the test. */
    static ProxyUnderTest start(SmtpguardConfig config) throws InterruptedException {
        return new ProxyUnderTest(SmtpguardServer.start(config));
    }

    /** The plaintext (STARTTLS) listener. */
    InetSocketAddress address() {
        return server.boundAddresses().get(0);
    }

    /** The implicit-TLS listener, when the configuration has one (bound after the plaintext ones). */
    InetSocketAddress implicitTlsAddress() {
        return server.boundAddresses().get(server.boundAddresses().size() - 1);
    }

    /** The metrics endpoint, when the configuration has {@code metrics.listen}. */
    InetSocketAddress metricsAddress() {
        return server.metricsAddress().orElseThrow(() -> new IllegalStateException("metrics.listen is not set"));
    }

    SmtpTestClient connect() throws IOException {
        return SmtpTestClient.connect(address());
    }

    /** How often smtpguard counted this limit as hit (the smtpguard_limits_hit_total counter). */
    double limitsHit(org.smtpguard.policy.decision.RefusalReason limit) {
        return counter("smtpguard_limits_hit", "limit", limit.label());
    }

    /** The value of a counter's data point with {@code label=value}, 0 if it has none yet. */
    double counter(String name, String label, String value) {
        for (var snapshot : server.metrics().registry().scrape()) {
            if (snapshot.getMetadata().getName().equals(name)
                    && snapshot instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot counter) {
                for (var point : counter.getDataPoints()) {
                    if (value.equals(point.getLabels().get(label))) {
                        return point.getValue();
                    }
                }
            }
        }
        return 0;
    }

    /** The value of a counter without labels, 0 if it has none yet. */
    double counter(String name) {
        for (var snapshot : server.metrics().registry().scrape()) {
            if (snapshot.getMetadata().getName().equals(name)
                    && snapshot instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot counter) {
                return counter.getDataPoints().stream().mapToDouble(p -> p.getValue()).sum();
            }
        }
        return 0;
    }

    @Override
    public void close() {
        server.close();
    }
}
