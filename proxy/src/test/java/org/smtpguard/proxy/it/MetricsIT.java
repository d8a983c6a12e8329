package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.MetricsConfig;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * What Prometheus sees: real SMTP traffic through smtpguard, then {@code /metrics} scraped over HTTP
 * and the counters asserted; {@code /healthz} and {@code /readyz} answered on the same port.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsIT extends AgainstFaultyUpstream {

    @Test
    void countsAnAcceptedMessageABlockedVrfyAndAnAuthAttempt() throws Exception {
        start(Fault.NONE);
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("VRFY postmaster").code()).isEqualTo(502);
            assertThat(client.command("EXPN staff").code()).isEqualTo(502);
            Reply refused = client.command("AUTH PLAIN " + base64("no separators"));
            assertThat(refused.code()).as("%s", refused).isEqualTo(535);
            Reply auth = client.command("AUTH PLAIN " + base64("\0alice\0secret"));
            assertThat(auth.code()).as("%s", auth).isEqualTo(235);
            assertThat(client.command("MAIL FROM:<alice@client.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob@mail.test>").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);
            client.sendRaw("Subject: counted\r\n\r\nhello\r\n.\r\n");
            assertThat(client.readReply().code()).isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }

        MetricsScrape scrape = awaitSessionsClosed(1);
        assertThat(scrape.value("smtpguard_sessions_opened_total{client_tls=\"none\",listener=\"plaintext\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("smtpguard_sessions_closed_total{client_tls=\"none\",listener=\"plaintext\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("smtpguard_sessions_active")).isZero();
        assertThat(scrape.value("smtpguard_session_duration_seconds_count")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_upstream_connections_total{outcome=\"verified\"}")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_upstream_connections_total{outcome=\"cert_expired\"}")).isZero();
        assertThat(scrape.value("smtpguard_messages_total{result=\"accepted\"}")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_messages_total{result=\"temp_failed\"}")).isZero();
        assertThat(scrape.value("smtpguard_message_relay_seconds_count")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_commands_blocked_total{verb=\"vrfy\"}")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_commands_blocked_total{verb=\"expn\"}")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_auth_attempts_total{mechanism=\"plain\",result=\"success\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("smtpguard_auth_attempts_total{mechanism=\"plain\",result=\"failure\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("smtpguard_upstream_connect_seconds_count")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_upstream_tls_handshake_seconds_count")).isEqualTo(1);
        assertThat(scrape.samples()).containsKey("jvm_memory_used_bytes{area=\"heap\"}");
        var tlsSeries = scrape.samples().entrySet().stream()
                .filter(e -> e.getKey().startsWith("smtpguard_upstream_tls_total{")).toList();
        assertThat(tlsSeries).as("one verified connection, by protocol and cipher suite (a name, not other)")
                .singleElement().satisfies(e -> {
                    assertThat(e.getKey()).matches(
                            "smtpguard_upstream_tls_total\\{cipher=\"TLS_[A-Z0-9_]+\",protocol=\"TLSv1\\.3\"}");
                    assertThat(e.getValue()).isEqualTo(1);
                });
        assertThat(scrape.value("smtpguard_bytes_total{direction=\"received\",leg=\"client\"}"))
                .as("at least the client's commands and message").isGreaterThan(100);
        assertThat(scrape.value("smtpguard_bytes_total{direction=\"sent\",leg=\"upstream\"}")).isGreaterThan(100);
        double upstreamExpiry = scrape.value("smtpguard_certificate_expiry_timestamp_seconds{certificate=\"upstream\"}");
        assertThat(Instant.ofEpochSecond((long) upstreamExpiry)).isAfter(Instant.now());
        assertThat(scrape.value("smtpguard_certificate_expiry_timestamp_seconds{certificate=\"client\"}"))
                .isGreaterThan(Instant.now().getEpochSecond());
    }

    @Test
    void countsWhatAMisbehavingClientDid() throws Exception {
        start(Fault.NONE);
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            client.sendRaw("NOOP\n");
            assertThat(client.readReply().code()).as("bare LF in a command").isEqualTo(500);
            assertThat(client.command("NOOP " + "x".repeat(3000)).code()).as("line too long").isEqualTo(500);
            assertThat(client.command("MAIL FROM:<alice@client.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob@mail.test>").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);
            client.sendRaw("Subject: bare\r\n\r\none\ntwo\rthree\r\n.\r\n");
            assertThat(client.readReply().code()).isEqualTo(250);
            client.sendRaw("STARTTLS\r\nMAIL FROM:<injected@client.test>\r\n");
            assertThat(client.readReply().code()).isEqualTo(220);
            client.startTls();
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }

        MetricsScrape scrape = awaitSessionsClosed(1);
        assertThat(scrape.value("smtpguard_bare_line_endings_total{where=\"command\"}")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_bare_line_endings_total{where=\"data\"}")).isEqualTo(2);
        assertThat(scrape.value("smtpguard_limits_hit_total{limit=\"line_too_long\"}")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_client_starttls_injections_total")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_sessions_opened_total{client_tls=\"none\",listener=\"plaintext\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("smtpguard_sessions_closed_total{client_tls=\"starttls\",listener=\"plaintext\"}"))
                .as("closed with the TLS the client leg had at the end").isEqualTo(1);
        assertThat(scrape.value("smtpguard_messages_total{result=\"accepted\"}")).isEqualTo(1);
    }

    @Test
    void countsARefusedUpstreamWithItsReason() throws Exception {
        start(Fault.EXPIRED_CERT);
        try (SmtpTestClient client = proxy.connect()) {
            Reply refused = client.readReply();
            assertThat(refused.code()).isEqualTo(421);
            assertThat(refused.enhancedStatus()).contains("4.7.5");
        }

        MetricsScrape scrape = awaitSessionsClosed(1);
        assertThat(scrape.value("smtpguard_upstream_connections_total{outcome=\"cert_expired\"}")).isEqualTo(1);
        assertThat(scrape.value("smtpguard_upstream_connections_total{outcome=\"verified\"}")).isZero();
        assertThat(scrape.value("smtpguard_messages_total{result=\"accepted\"}")).isZero();
        assertThat(scrape.samples()).doesNotContainKey(
                "smtpguard_certificate_expiry_timestamp_seconds{certificate=\"upstream\"}");
    }

    @Test
    void answersHealthAndReadinessOnTheSamePort() throws Exception {
        start(Fault.NONE);
        InetSocketAddress endpoint = proxy.metricsAddress();

        HttpResponse<String> health = MetricsScrape.get(endpoint, "/healthz");
        HttpResponse<String> ready = MetricsScrape.get(endpoint, "/readyz");
        HttpResponse<String> unknown = MetricsScrape.get(endpoint, "/nothing-here");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).startsWith("ready");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void readyzChecksTheUpstreamWhenAskedAndAsksItOnlyOncePerPeriod() throws Exception {
        start(Fault.NONE, true);
        InetSocketAddress endpoint = proxy.metricsAddress();

        HttpResponse<String> first = MetricsScrape.get(endpoint, "/readyz");
        HttpResponse<String> second = MetricsScrape.get(endpoint, "/readyz");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("upstream verified");
        assertThat(second.statusCode()).isEqualTo(200);
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.connectionsAccepted()).as("the second probe used the cached answer").isEqualTo(1);
        assertThat(upstream.endings()).containsEntry(1, FaultyUpstream.Ending.QUIT);
        assertThat(MetricsScrape.of(endpoint).value("smtpguard_upstream_connections_total{outcome=\"verified\"}"))
                .as("a probe is not a session's upstream connection").isZero();
    }

    @Test
    void readyzIsNotReadyWhileTheUpstreamCannotBeVerified() throws Exception {
        start(Fault.WRONG_NAME_CERT, true);

        HttpResponse<String> ready = MetricsScrape.get(proxy.metricsAddress(), "/readyz");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("reason=cert_name_mismatch");
        assertThat(MetricsScrape.get(proxy.metricsAddress(), "/healthz").statusCode())
                .as("alive all the same").isEqualTo(200);
    }

    private void start(Fault fault) throws Exception {
        start(fault, false);
    }

    private void start(Fault fault, boolean readyChecksUpstream) throws Exception {
        upstream = FaultyUpstream.start(fault, certificates);
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates)
                .withMetrics(MetricsConfig.on(new HostPort("127.0.0.1", 0)).withReadyChecksUpstream(readyChecksUpstream));
        proxy = ProxyUnderTest.start(config);
    }

    /** Scrapes until the proxy has counted {@code sessions} closed sessions (it counts after the client sees the close). */
    private MetricsScrape awaitSessionsClosed(int sessions) {
        MetricsScrape[] last = new MetricsScrape[1];
        await("the session is counted as closed").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last[0] = MetricsScrape.of(proxy.metricsAddress());
                    return last[0].samples().entrySet().stream()
                            .filter(e -> e.getKey().startsWith("smtpguard_sessions_closed_total"))
                            .mapToDouble(e -> e.getValue()).sum() >= sessions;
                });
        return last[0];
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
