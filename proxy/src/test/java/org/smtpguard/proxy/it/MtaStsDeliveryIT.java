package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.CertificateAuthority;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.certs.PemFiles;
import org.smtpguard.policy.tls.UpstreamTlsLevel;
import org.smtpguard.proxy.config.DestinationMap;
import org.smtpguard.proxy.config.MtaStsConfig;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.mtasts.PolicyServer;
import org.smtpguard.proxy.testdns.AuthoritativeDns;
import org.smtpguard.proxy.testdns.TestZone;
import org.smtpguard.proxy.testdns.TestZones;

/**
 * MTA-STS over SMTP: smtpguard with {@code upstream.tls.level: mta-sts} relays to the fixed upstream
 * {@value TestCertificates#UPSTREAM_NAME}, whose {@code _mta-sts} TXT record comes from NSD and whose
 * policy file comes over HTTPS from {@code mta-sts.mail.test} (127.0.0.1 by the hosts file of the
 * {@code mtasts-it} execution). Enforce refuses an upstream the policy does not list with 421 4.7.5
 * before connecting to it; testing logs and delivers; TLS-RPT counts the sessions under the policy.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MtaStsDeliveryIT extends AgainstFaultyUpstream {

    private static final String DOMAIN = TestCertificates.UPSTREAM_NAME;

    @TempDir
    static Path work;
    static AuthoritativeDns dns;
    static PolicyServer policies;
    static Path webCa;

    @TempDir
    Path reports;

    @BeforeAll
    static void startDnsAndPolicyHost() throws Exception {
        dns = AuthoritativeDns.start(work.resolve("dns"), List.of(TestZones.dane(),
                TestZone.unsigned(DOMAIN).with("_mta-sts IN TXT \"v=STSv1; id=delivery1;\"")));
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.generate("smtpguard IT web CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        webCa = work.resolve("web-ca.pem");
        PemFiles.writeCertificates(webCa, List.of(ca.certificate()));
        policies = PolicyServer.start(ca.issue(LeafSpec.forNames(now.minus(Duration.ofHours(1)), Duration.ofDays(7),
                "mta-sts." + DOMAIN)));
    }

    @AfterAll
    static void stopDnsAndPolicyHost() {
        if (policies != null) {
            policies.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private void start(String policy) throws Exception {
        policies.answer(DOMAIN, PolicyServer.Answer.policy(policy));
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        proxy = ProxyUnderTest.start(config
                .withDns(dns.dnsConfig())
                .withDestinations(new DestinationMap(UpstreamTlsLevel.MTA_STS, List.of()))
                .withMtaSts(MtaStsConfig.defaults().withCa(webCa).withPolicyPortForTests(policies.port()))
                .withTlsRpt(config.tlsRpt().withDirectory(reports)));
    }

    private String report() throws Exception {
        proxy.close();
        proxy = null;
        try (Stream<Path> files = Files.list(reports)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return Files.readString(all.get(0), StandardCharsets.UTF_8);
        }
    }

    @Test
    void enforceDeliversToAListedUpstream() throws Exception {
        start("version: STSv1\nmode: enforce\nmx: " + DOMAIN + "\nmax_age: 86400\n");
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        assertThat(report()).contains("\"policy-type\": \"sts\"", "\"mode: enforce\"",
                "\"total-successful-session-count\": 1", "\"total-failure-session-count\": 0");
    }

    @Test
    void enforceRefusesAnUpstreamThePolicyDoesNotListWith421And475() throws Exception {
        start("version: STSv1\nmode: enforce\nmx: mx.elsewhere.test\nmax_age: 86400\n");
        try (SmtpTestClient client = proxy.connect()) {
            SmtpTestClient.Reply reply = client.readReply();
            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).contains("4.7.5");
        }
        assertThat(upstream.connectionsAccepted()).as("never connected to").isZero();
        assertThat(report()).contains("\"policy-type\": \"sts\"", "\"total-failure-session-count\": 1",
                "\"result-type\": \"validation-failure\"");
    }

    @Test
    void testingDeliversToAnUnlistedUpstream() throws Exception {
        start("version: STSv1\nmode: testing\nmx: mx.elsewhere.test\nmax_age: 86400\n");
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        assertThat(report()).contains("\"policy-type\": \"sts\"", "\"mode: testing\"",
                "\"total-successful-session-count\": 1");
    }
}
