package org.smtpguard.proxy.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.smtpguard.policy.net.TrustedNetworks;

/**
 * The whole configuration, built once (by {@link ConfigLoader}, or in code with
 * {@link #forTests(HostPort)} and the {@code with…} methods), immutable and validated.
 */
public record SmtpguardConfig(ClientConfig client, UpstreamConfig upstream, LimitsConfig limits,
        TimeoutsConfig timeouts, LogConfig log, MetricsConfig metrics, DnsConfig dns,
        TlsRptConfig tlsRpt, DestinationMap destinations, MtaStsConfig mtaSts, RoutingConfig routing,
        AbuseConfig abuse, LifecycleConfig lifecycle) {

    /** The greeting and EHLO name of {@link #forTests}. */
    public static final String TEST_NAME = "smtpguard.test";

    public SmtpguardConfig {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(tlsRpt, "tlsRpt");
        Objects.requireNonNull(destinations, "destinations");
        Objects.requireNonNull(mtaSts, "mtaSts");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(abuse, "abuse");
        Objects.requireNonNull(lifecycle, "lifecycle");
    }

    /**
     * The defaults, relaying to {@code upstream}, for tests: one plaintext listener on
     * {@code 127.0.0.1:0} (an ephemeral port), no client certificate (self-signed), greeting and
     * EHLO name {@value #TEST_NAME}, the upstream TLS mode derived from its port, the JDK's CAs.
     * Change parts with {@code withClient(client().withTls(…))}, {@code withUpstream(upstream().withTlsCa(…))}, ….
     */
    public static SmtpguardConfig forTests(HostPort upstream) {
        ClientConfig client = new ClientConfig(List.of(new HostPort("127.0.0.1", 0)), List.of(), Optional.empty(),
                TrustedNetworks.parse(ConfigKeys.CLIENT_TRUSTED_NETWORKS.parsedDefault()), TEST_NAME);
        return new SmtpguardConfig(client, UpstreamConfig.of(upstream, TEST_NAME), LimitsConfig.defaults(),
                TimeoutsConfig.defaults(), new LogConfig(ConfigKeys.LOG_LEVEL.parsedDefault()), MetricsConfig.OFF,
                DnsConfig.defaults(), TlsRptConfig.off(TEST_NAME), DestinationMap.defaults(), MtaStsConfig.defaults(),
                RoutingConfig.defaults(), AbuseConfig.defaults(), LifecycleConfig.defaults());
    }

    public SmtpguardConfig withClient(ClientConfig newClient) {
        return new SmtpguardConfig(newClient, upstream, limits, timeouts, log, metrics, dns, tlsRpt, destinations, mtaSts, routing, abuse, lifecycle);
    }

    public SmtpguardConfig withUpstream(UpstreamConfig newUpstream) {
        return new SmtpguardConfig(client, newUpstream, limits, timeouts, log, metrics, dns, tlsRpt, destinations, mtaSts, routing, abuse, lifecycle);
    }

    public SmtpguardConfig withLimits(LimitsConfig newLimits) {
        return new SmtpguardConfig(client, upstream, newLimits, timeouts, log, metrics, dns, tlsRpt, destinations, mtaSts, routing, abuse, lifecycle);
    }

    public SmtpguardConfig withTimeouts(TimeoutsConfig newTimeouts) {
        return new SmtpguardConfig(client, upstream, limits, newTimeouts, log, metrics, dns, tlsRpt, destinations, mtaSts, routing, abuse, lifecycle);
    }

    public SmtpguardConfig withMetrics(MetricsConfig newMetrics) {
        return new SmtpguardConfig(client, upstream, limits, timeouts, log, newMetrics, dns, tlsRpt, destinations, mtaSts, routing, abuse, lifecycle);
    }

    public SmtpguardConfig withDns(DnsConfig newDns) {
        return new SmtpguardConfig(client, upstream, limits, timeouts, log, metrics, newDns, tlsRpt, destinations, mtaSts, routing, abuse, lifecycle);
    }

    public SmtpguardConfig withTlsRpt(TlsRptConfig newTlsRpt) {
        return new SmtpguardConfig(client, upstream, limits, timeouts, log, metrics, dns, newTlsRpt, destinations, mtaSts, routing, abuse, lifecycle);
    }

    public SmtpguardConfig withDestinations(DestinationMap newDestinations) {
        return new SmtpguardConfig(client, upstream, limits, timeouts, log, metrics, dns, tlsRpt, newDestinations, mtaSts, routing, abuse, lifecycle);
    }

    public SmtpguardConfig withMtaSts(MtaStsConfig newMtaSts) {
        return new SmtpguardConfig(client, upstream, limits, timeouts, log, metrics, dns, tlsRpt, destinations, newMtaSts, routing, abuse, lifecycle);
    }

    public SmtpguardConfig withRouting(RoutingConfig newRouting) {
        return new SmtpguardConfig(client, upstream, limits, timeouts, log, metrics, dns, tlsRpt, destinations, mtaSts, newRouting, abuse, lifecycle);
    }

    public SmtpguardConfig withAbuse(AbuseConfig newAbuse) {
        return new SmtpguardConfig(client, upstream, limits, timeouts, log, metrics, dns, tlsRpt, destinations, mtaSts, routing, newAbuse, lifecycle);
    }

    public SmtpguardConfig withLifecycle(LifecycleConfig newLifecycle) {
        return new SmtpguardConfig(client, upstream, limits, timeouts, log, metrics, dns, tlsRpt, destinations, mtaSts, routing, abuse, newLifecycle);
    }
}
