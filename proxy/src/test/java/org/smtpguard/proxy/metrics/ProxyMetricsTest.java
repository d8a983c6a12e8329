package org.smtpguard.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Verb;
import org.smtpguard.proxy.metrics.MetricLabels.AuthMechanism;
import org.smtpguard.proxy.metrics.MetricLabels.AuthResult;
import org.smtpguard.proxy.metrics.MetricLabels.Listener;
import org.smtpguard.proxy.session.ClientLeg.ClientTls;

/** The metric names and label values: smtpguard_ names, and label values only from closed sets. */
class ProxyMetricsTest {

    private final ProxyMetrics metrics = new ProxyMetrics();

    @Test
    void everyOwnMetricIsNamedSmtpguardAndTheRestIsTheJvms() {
        // counters without their _total, which the exposition format adds
        List<String> names = metrics.registry().scrape().stream().map(s -> s.getMetadata().getPrometheusName()).toList();

        assertThat(names).filteredOn(n -> n.startsWith("smtpguard_")).containsExactlyInAnyOrder(
                "smtpguard_sessions_opened", "smtpguard_sessions_closed", "smtpguard_sessions_active",
                "smtpguard_session_duration_seconds", "smtpguard_upstream_connections", "smtpguard_upstream_connections_reused",
                "smtpguard_upstream_tls", "smtpguard_upstream_tls_level",
                "smtpguard_upstream_connect_seconds", "smtpguard_upstream_tls_handshake_seconds",
                "smtpguard_messages", "smtpguard_message_relay_seconds", "smtpguard_bytes",
                "smtpguard_auth_attempts", "smtpguard_commands_blocked", "smtpguard_limits_hit",
                "smtpguard_client_starttls_injections", "smtpguard_bare_line_endings",
                "smtpguard_certificate_expiry_timestamp_seconds", "smtpguard_client_abuse", "smtpguard_mx_refused");
        assertThat(names).allMatch(n -> n.startsWith("smtpguard_") || n.startsWith("jvm_") || n.startsWith("process_"),
                "smtpguard_, jvm_ or process_");
    }

    @Test
    void tlsNamesOutsideTheListAreOther() {
        metrics.upstreamVerified("TLSv1.3", "TLS_AES_128_GCM_SHA256", null);
        metrics.upstreamVerified("SSLv3\"}", "TLS_" + "X".repeat(300), null);

        assertThat(labelValues("smtpguard_upstream_tls")).containsExactlyInAnyOrder(
                "cipher=TLS_AES_128_GCM_SHA256 protocol=TLSv1.3", "cipher=other protocol=other");
    }

    @Test
    void saslNamesOutsideTheListAreOther() {
        metrics.authAttempt(AuthMechanism.of("CRAM-MD5"), AuthResult.FAILURE);
        metrics.authAttempt(AuthMechanism.of("PASSWORD-IN-HERE"), AuthResult.SUCCESS);

        assertThat(labelValues("smtpguard_auth_attempts")).containsExactlyInAnyOrder(
                "mechanism=cram_md5 result=failure", "mechanism=other result=success");
    }

    @Test
    void blockedVerbsAreVrfyExpnOrOther() {
        metrics.commandBlocked(Verb.VRFY);
        metrics.commandBlocked(Verb.EXPN);
        metrics.commandBlocked(Verb.ETRN);
        metrics.commandBlocked(Verb.AUTH);

        assertThat(labelValues("smtpguard_commands_blocked")).containsExactlyInAnyOrder(
                "verb=vrfy", "verb=expn", "verb=other");
    }

    @Test
    void theUpstreamOutcomesStartAtZeroSoThatRatesAndAlertsHaveSeries() {
        assertThat(labelValues("smtpguard_upstream_connections")).contains("outcome=verified",
                "outcome=starttls_missing", "outcome=starttls_rejected", "outcome=bytes_after_starttls",
                "outcome=handshake_failed", "outcome=cert_untrusted", "outcome=cert_expired",
                "outcome=cert_name_mismatch", "outcome=connect_failed", "outcome=timeout");
    }

    @Test
    void theAbuseActionsStartAtZeroAndCount() {
        metrics.clientAbuse(MetricLabels.AbuseAction.TARPIT);
        assertThat(labelValues("smtpguard_client_abuse")).containsExactlyInAnyOrder("action=connection_rate",
                "action=message_rate", "action=dnsbl_listed", "action=tarpit", "action=harvest_disconnect");
    }

    @Test
    void theTlsLevelAppliedIsALabelFromTheClosedSetStartingAtZero() {
        metrics.upstreamTlsLevel(org.smtpguard.policy.tls.AppliedTls.DANE);

        assertThat(labelValues("smtpguard_upstream_tls_level")).containsExactlyInAnyOrder("level=dane",
                "level=mta-sts", "level=secure", "level=verify", "level=fingerprint");
        assertThat(find("smtpguard_upstream_tls_level").getDataPoints()).hasSize(5);
        assertThat(labelValues("smtpguard_upstream_connections")).contains("outcome=dane_required",
                "outcome=dnssec_bogus", "outcome=cert_tlsa_mismatch", "outcome=dns_failed");
    }

    @Test
    void activeSessionsGoUpAndDown() {
        metrics.sessionOpened(Listener.PLAINTEXT, ClientTls.NONE);
        metrics.sessionOpened(Listener.IMPLICIT_TLS, ClientTls.IMPLICIT);
        metrics.sessionClosed(Listener.PLAINTEXT, ClientTls.STARTTLS, Duration.ofSeconds(2));
        metrics.limitHit(RefusalReason.MESSAGE_TOO_BIG);

        assertThat(gauge("smtpguard_sessions_active")).isEqualTo(1);
        assertThat(labelValues("smtpguard_limits_hit")).containsExactly("limit=message_too_big");
    }

    private List<String> labelValues(String name) {
        MetricSnapshot snapshot = find(name);
        return snapshot.getDataPoints().stream().map(DataPointSnapshot::getLabels)
                .map(labels -> {
                    StringBuilder out = new StringBuilder();
                    labels.forEach(l -> out.append(out.length() == 0 ? "" : " ").append(l.getName()).append('=')
                            .append(l.getValue()));
                    return out.toString();
                }).toList();
    }

    private double gauge(String name) {
        return ((io.prometheus.metrics.model.snapshots.GaugeSnapshot) find(name)).getDataPoints().get(0).getValue();
    }

    private MetricSnapshot find(String name) {
        MetricSnapshots all = metrics.registry().scrape();
        return all.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
