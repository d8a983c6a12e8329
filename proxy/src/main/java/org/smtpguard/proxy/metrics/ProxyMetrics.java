package org.smtpguard.proxy.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.tls.AppliedTls;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;
import org.smtpguard.proxy.metrics.MetricLabels.AuthMechanism;
import org.smtpguard.proxy.metrics.MetricLabels.AuthResult;
import org.smtpguard.proxy.metrics.MetricLabels.CertificateRole;
import org.smtpguard.proxy.metrics.MetricLabels.Direction;
import org.smtpguard.proxy.metrics.MetricLabels.Leg;
import org.smtpguard.proxy.metrics.MetricLabels.LineEndingPlace;
import org.smtpguard.proxy.metrics.MetricLabels.Listener;
import org.smtpguard.proxy.metrics.MetricLabels.MessageResult;
import org.smtpguard.proxy.metrics.MetricLabels.UpstreamOutcome;
import org.smtpguard.proxy.session.ClientLeg.ClientTls;

/**
 * Every metric smtpguard exports, declared here and nowhere else (like Envoy's stats lists). Names
 * start with {@code smtpguard_}; every label value comes from an enum of this package or of policy,
 * never from a peer. One instance per running proxy, with its own registry; thread-safe.
 */
public final class ProxyMetrics {

    private static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final double[] SESSION_BUCKETS = {0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600};

    private final PrometheusRegistry registry = new PrometheusRegistry();

    // Without exemplars: smtpguard has no tracer whose spans they could name, and the client's
    // sampler still ran on every update and woke a scheduler thread to rate-limit itself.
    private static Counter.Builder counter() {
        return Counter.builder().withoutExemplars();
    }

    private static Gauge.Builder gauge() {
        return Gauge.builder().withoutExemplars();
    }

    private static Histogram.Builder histogram() {
        return Histogram.builder().withoutExemplars();
    }

    private final Counter sessionsOpened = counter().name("smtpguard_sessions_opened_total")
            .help("client connections accepted, by listener and client-leg TLS at connect")
            .labelNames("listener", "client_tls").register(registry);
    private final Counter sessionsClosed = counter().name("smtpguard_sessions_closed_total")
            .help("client connections ended, by listener and client-leg TLS at the end")
            .labelNames("listener", "client_tls").register(registry);
    private final Gauge sessionsActive = gauge().name("smtpguard_sessions_active")
            .help("client connections open now").register(registry);
    private final Histogram sessionDuration = histogram().name("smtpguard_session_duration_seconds")
            .help("how long client connections lasted").unit(Unit.SECONDS)
            .classicOnly().classicUpperBounds(SESSION_BUCKETS).register(registry);

    private final Counter upstreamConnections = counter().name("smtpguard_upstream_connections_total")
            .help("upstream connections for client sessions, by outcome: verified or the refusal reason")
            .labelNames("outcome").register(registry);
    private final Counter upstreamReused = counter().name("smtpguard_upstream_connections_reused_total")
            .help("client sessions served by a verified upstream connection kept from an earlier session")
            .register(registry);
    private final Counter upstreamTls = counter().name("smtpguard_upstream_tls_total")
            .help("verified upstream connections by TLS protocol and cipher suite (other: not in smtpguard's list)")
            .labelNames("protocol", "cipher").register(registry);
    private final Counter upstreamTlsLevel = counter().name("smtpguard_upstream_tls_level_total")
            .help("verified upstream connections by the check their TLS was held to: dane, mta-sts, secure, verify, fingerprint")
            .labelNames("level").register(registry);
    private final Histogram upstreamConnect = histogram().name("smtpguard_upstream_connect_seconds")
            .help("time to open the TCP connection to the upstream").unit(Unit.SECONDS)
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    private final Histogram upstreamHandshake = histogram().name("smtpguard_upstream_tls_handshake_seconds")
            .help("time of the TLS handshake with the upstream, certificate verification included").unit(Unit.SECONDS)
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);

    private final Counter messages = counter().name("smtpguard_messages_total")
            .help("messages whose end of data was relayed, by the upstream's answer: accepted (2xx), "
                    + "temp_failed (4xx), perm_failed (5xx)")
            .labelNames("result").register(registry);
    private final Histogram messageRelay = histogram().name("smtpguard_message_relay_seconds")
            .help("from the end of a message's data sent to the upstream to the upstream's reply").unit(Unit.SECONDS)
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    private final Counter bytes = counter().name("smtpguard_bytes_total")
            .help("bytes received and sent on each leg, as on the wire (TLS records included)")
            .labelNames("leg", "direction").register(registry);

    private final Counter authAttempts = counter().name("smtpguard_auth_attempts_total")
            .help("AUTH exchanges relayed, by SASL mechanism and the upstream's answer")
            .labelNames("mechanism", "result").register(registry);
    private final Counter commandsBlocked = counter().name("smtpguard_commands_blocked_total")
            .help("client commands answered by smtpguard instead of being relayed, by verb (vrfy, expn, other)")
            .labelNames("verb").register(registry);
    private final Counter limitsHit = counter().name("smtpguard_limits_hit_total")
            .help("bounds a client or upstream reached, by limit").labelNames("limit").register(registry);
    private final Counter startTlsInjections = counter().name("smtpguard_client_starttls_injections_total")
            .help("client STARTTLS commands with bytes pipelined after them (discarded, never executed)")
            .register(registry);
    private final Counter bareLineEndings = counter().name("smtpguard_bare_line_endings_total")
            .help("bare CR or LF seen from clients: refused in commands, normalised in message data")
            .labelNames("where").register(registry);
    private final Gauge certificateExpiry = gauge().name("smtpguard_certificate_expiry_timestamp_seconds")
            .help("notAfter of smtpguard's client-side certificate and of the last verified upstream certificate, "
                    + "Unix time").unit(Unit.SECONDS).labelNames("certificate").register(registry);

    private final Counter clientAbuse = counter().name("smtpguard_client_abuse_total")
            .help("abuse protection on the client leg, by action: connection_rate, message_rate, dnsbl_listed, "
                    + "tarpit (a RCPT reply delayed), harvest_disconnect (421 4.7.0)")
            .labelNames("action").register(registry);
    private final Counter mxRefused = counter().name("smtpguard_mx_refused_total")
            .help("mx mode: recipient domains no MX could be used for, by reason (DNS, null MX, last attempt's failure)")
            .labelNames("reason").register(registry);

    private final WireBytes clientWireBytes = new WireBytes(this, Leg.CLIENT);

    // The series touched on every read, write, session and message, looked up once: labelValues
    // builds a label list and searches a map on each call (several times per relayed command).
    private final CounterDataPoint[][] bytesSeries =
            new CounterDataPoint[Leg.values().length][Direction.values().length];
    private final CounterDataPoint[][] openedSeries =
            new CounterDataPoint[Listener.values().length][ClientTls.values().length];
    private final CounterDataPoint[][] closedSeries =
            new CounterDataPoint[Listener.values().length][ClientTls.values().length];
    private final CounterDataPoint[] messageSeries = new CounterDataPoint[MessageResult.values().length];

    /** Registers the JVM's metrics too and creates the zero series of the closed label sets. */
    public ProxyMetrics() {
        JvmMetrics.builder().register(registry);
        upstreamConnections.labelValues(UpstreamOutcome.VERIFIED.label());
        for (RefusalReason reason : UpstreamOutcome.UPSTREAM_REASONS) {
            upstreamConnections.labelValues(reason.label());
        }
        for (MetricLabels.AbuseAction action : MetricLabels.AbuseAction.values()) {
            clientAbuse.labelValues(action.label());
        }
        for (AppliedTls applied : AppliedTls.values()) {
            if (applied != AppliedTls.REFUSED) {
                upstreamTlsLevel.labelValues(applied.label());
            }
        }
        for (MessageResult result : MessageResult.values()) {
            messageSeries[result.ordinal()] = messages.labelValues(result.label());
        }
        for (Listener listener : Listener.values()) {
            for (ClientTls tls : ClientTls.values()) {
                int l = listener.ordinal();
                openedSeries[l][tls.ordinal()] = sessionsOpened.labelValues(listener.label(), tls.label());
                closedSeries[l][tls.ordinal()] = sessionsClosed.labelValues(listener.label(), tls.label());
            }
        }
        for (Leg leg : Leg.values()) {
            for (Direction direction : Direction.values()) {
                bytesSeries[leg.ordinal()][direction.ordinal()] = bytes.labelValues(leg.label(), direction.label());
            }
        }
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** The handler that counts the client leg's bytes (shared by every client channel). */
    public WireBytes clientWireBytes() {
        return clientWireBytes;
    }

    // ---- sessions

    public void sessionOpened(Listener listener, ClientTls tls) {
        openedSeries[listener.ordinal()][tls.ordinal()].inc();
        sessionsActive.inc();
    }

    public void sessionClosed(Listener listener, ClientTls tls, Duration lasted) {
        closedSeries[listener.ordinal()][tls.ordinal()].inc();
        sessionsActive.dec();
        sessionDuration.observe(seconds(lasted));
    }

    // ---- upstream leg

    /** A session took a kept upstream connection (upstream.reuse_connections): no new connection. */
    public void upstreamReused() {
        upstreamReused.inc();
    }

    public void upstreamVerified(String protocol, String cipher, X509Certificate certificate) {
        upstreamConnections.labelValues(UpstreamOutcome.VERIFIED.label()).inc();
        upstreamTls.labelValues(TlsLabels.protocol(protocol), TlsLabels.cipher(cipher)).inc();
        if (certificate != null) {
            certificateExpiry.labelValues(CertificateRole.UPSTREAM.label())
                    .set(certificate.getNotAfter().toInstant().getEpochSecond());
        }
    }

    /** The check a verified upstream's TLS was held to (refusals are counted by {@link #upstreamRefused}). */
    public void upstreamTlsLevel(AppliedTls applied) {
        upstreamTlsLevel.labelValues(applied.label()).inc();
    }

    public void upstreamRefused(RefusalReason reason) {
        upstreamConnections.labelValues(reason.label()).inc();
    }

    public void upstreamConnected(Duration took) {
        upstreamConnect.observe(seconds(took));
    }

    public void upstreamHandshakeFinished(Duration took) {
        upstreamHandshake.observe(seconds(took));
    }

    // ---- messages and traffic

    public void messageRelayed(Reply reply, Duration latency) {
        messageSeries[MessageResult.of(reply).ordinal()].inc();
        messageRelay.observe(seconds(latency));
    }

    public void bytes(Leg leg, Direction direction, long count) {
        bytesSeries[leg.ordinal()][direction.ordinal()].inc(count);
    }

    // ---- what smtpguard refused or saw

    public void authAttempt(AuthMechanism mechanism, AuthResult result) {
        authAttempts.labelValues(mechanism.label(), result.label()).inc();
    }

    public void commandBlocked(Verb verb) {
        commandsBlocked.labelValues(switch (verb) {
            case VRFY -> "vrfy";
            case EXPN -> "expn";
            default -> "other";
        }).inc();
    }

    public void limitHit(RefusalReason limit) {
        limitsHit.labelValues(limit.label()).inc();
    }

    public void clientAbuse(MetricLabels.AbuseAction action) {
        clientAbuse.labelValues(action.label()).inc();
    }

    public void mxRefused(RefusalReason reason) {
        mxRefused.labelValues(reason.label()).inc();
    }

    public void startTlsInjectionDiscarded() {
        startTlsInjections.inc();
    }

    public void bareLineEndings(LineEndingPlace where, int count) {
        bareLineEndings.labelValues(where.label()).inc(count);
    }

    public void clientCertificate(X509Certificate certificate) {
        certificateExpiry.labelValues(CertificateRole.CLIENT.label())
                .set(certificate.getNotAfter().toInstant().getEpochSecond());
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
