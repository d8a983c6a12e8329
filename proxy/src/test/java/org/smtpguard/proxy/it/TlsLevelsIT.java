package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.Fingerprints;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.certs.SpkiPins;
import org.smtpguard.policy.tls.UpstreamTlsLevel;
import org.smtpguard.proxy.config.DestinationMap;
import org.smtpguard.proxy.config.DestinationRule;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;
import org.smtpguard.proxy.testdns.AuthoritativeDns;
import org.smtpguard.proxy.testdns.TestZones;

/**
 * Each TLS level, passing and refusing, against a real DNSSEC-signed zone (NSD) and in-test TLS
 * upstreams: a self-signed one (only DANE or a pin can vouch for it), one with a CA certificate for
 * {@value TestCertificates#UPSTREAM_NAME}, and one with a CA certificate for {@code mx-none.dane.test}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsLevelsIT {

    @TempDir
    static Path dir;
    static TestCertificates certificates;
    static IssuedCertificate noneCertificate;
    static FaultyUpstream selfSigned;
    static FaultyUpstream good;
    static FaultyUpstream mxNone;
    static AuthoritativeDns dns;

    ProxyUnderTest proxy;
    LogCapture log;

    @BeforeAll
    static void startUpstreamsAndDns() throws IOException {
        certificates = TestCertificates.createIn(dir);
        noneCertificate = certificates.ca.issue(LeafSpec.forNames(Instant.now().minus(Duration.ofHours(1)),
                Duration.ofDays(30), "mx-none.dane.test"));
        selfSigned = FaultyUpstream.start(Fault.SELF_SIGNED_CERT, certificates);
        good = FaultyUpstream.start(Fault.NONE, certificates);
        mxNone = FaultyUpstream.presenting(noneCertificate);
        String selfSignedKey = "3 1 1 " + Fingerprints.spkiSha256Hex(certificates.selfSigned.certificate());
        String goodKey = "3 1 1 " + Fingerprints.spkiSha256Hex(certificates.good.certificate());
        String nothing = "3 1 1 " + "00".repeat(32);
        dns = AuthoritativeDns.start(dir.resolve("dns"), List.of(
                TestZones.dane().with(
                        "_" + selfSigned.port() + "._tcp.mx-good IN TLSA " + selfSignedKey,
                        "_" + good.port() + "._tcp.mx-wrong IN TLSA " + nothing),
                TestZones.bogus().with("_" + good.port() + "._tcp.mx IN TLSA " + nothing)
                        .forging("_" + good.port() + "._tcp.mx", "TLSA", goodKey),
                TestZones.plain().with("_" + selfSigned.port() + "._tcp.mx IN TLSA " + selfSignedKey)));
    }

    @AfterAll
    static void stopAll() {
        for (AutoCloseable closeable : new AutoCloseable[] {dns, selfSigned, good, mxNone}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
        if (log != null) {
            log.close();
        }
    }

    // ---- dane

    @Test
    void daneDeliversToASelfSignedUpstreamWhoseKeyIsInValidatedTlsa() throws Exception {
        start(selfSigned, "mx-good.dane.test", UpstreamTlsLevel.DANE);

        assertDelivers();
        assertThat(log.lines()).anyMatch(l -> l.contains("upstream verified") && l.contains("tls_level=dane")
                && l.contains("tls_why=\"validated TLSA records\""));
    }

    @Test
    void daneRefusesWith421_4_7_5WhenNoTlsaRecordMatchesEvenIfPkixWould() throws Exception {
        start(good, "mx-wrong.dane.test", UpstreamTlsLevel.DANE);

        assertRefused("4.7.5", "reason=cert_tlsa_mismatch");
    }

    @Test
    void daneFallsBackToVerifyWhenTheSignedZoneSaysThereIsNoTlsa() throws Exception {
        start(mxNone, "mx-none.dane.test", UpstreamTlsLevel.DANE);

        assertDelivers();
        assertThat(log.lines()).anyMatch(l -> l.contains("tls_level=verify") && l.contains("no TLSA records"));
    }

    @Test
    void daneIgnoresTlsaFromAnUnsignedZone() throws Exception {
        start(selfSigned, "mx.plain.test", UpstreamTlsLevel.DANE);

        assertRefused("4.7.5", "reason=cert_untrusted");
    }

    // ---- dane-only

    @Test
    void daneOnlyDeliversWithValidatedTlsa() throws Exception {
        start(selfSigned, "mx-good.dane.test", UpstreamTlsLevel.DANE_ONLY);

        assertDelivers();
    }

    @Test
    void daneOnlyRefusesWithoutTlsaAndNeverConnects() throws Exception {
        int before = mxNone.lines().size();
        start(mxNone, "mx-none.dane.test", UpstreamTlsLevel.DANE_ONLY);

        assertRefused("4.7.5", "reason=dane_required");
        assertThat(mxNone.lines()).hasSize(before);
    }

    @Test
    void daneOnlyRefusesAForgedTlsaThatWouldMatchAndNeverConnects() throws Exception {
        int before = good.lines().size();
        start(good, "mx.bogus.test", UpstreamTlsLevel.DANE_ONLY);

        assertRefused("4.7.5", "reason=dnssec_bogus");
        assertThat(good.lines()).hasSize(before);
    }

    // ---- secure and fingerprint (destination map entries)

    @Test
    void secureAcceptsANameTheDestinationMapAllowsAndRefusesOthers() throws Exception {
        start(good, "other.test", UpstreamTlsLevel.VERIFY,
                DestinationRule.parse("other.test level=secure match=" + TestCertificates.UPSTREAM_NAME));
        assertDelivers();
        assertThat(log.lines()).anyMatch(l -> l.contains("tls_level=secure"));
        stopProxy();

        start(good, "other.test", UpstreamTlsLevel.VERIFY, DestinationRule.parse("other.test level=secure"));
        assertRefused("4.7.5", "reason=cert_name_mismatch");
    }

    @Test
    void fingerprintDeliversToAPinnedSelfSignedUpstreamAndRefusesAnotherKey() throws Exception {
        start(selfSigned, TestCertificates.UPSTREAM_NAME, UpstreamTlsLevel.VERIFY, DestinationRule.parse(
                TestCertificates.UPSTREAM_NAME + " level=fingerprint pin="
                        + SpkiPins.pinOf(certificates.selfSigned.certificate())));
        assertDelivers();
        assertThat(log.lines()).anyMatch(l -> l.contains("tls_level=fingerprint"));
        stopProxy();

        start(selfSigned, TestCertificates.UPSTREAM_NAME, UpstreamTlsLevel.VERIFY, DestinationRule.parse(
                TestCertificates.UPSTREAM_NAME + " level=fingerprint pin="
                        + SpkiPins.pinOf(certificates.good.certificate())));
        assertRefused("4.7.5", "reason=cert_pin_mismatch");
    }

    // ---- helpers

    private void start(FaultyUpstream upstream, String tlsName, UpstreamTlsLevel level, DestinationRule... rules)
            throws InterruptedException {
        log = LogCapture.start();
        SmtpguardConfig base = ProxyUnderTest.config(upstream.port(), certificates);
        SmtpguardConfig config = base
                .withUpstream(base.upstream().withTlsName(tlsName).withTlsCa(Optional.of(certificates.caPem)))
                .withDns(dns.dnsConfig())
                .withDestinations(new DestinationMap(level, List.of(rules)));
        assertThat(config.upstream().address()).isEqualTo(new HostPort("127.0.0.1", upstream.port()));
        proxy = ProxyUnderTest.start(config);
    }

    private void assertDelivers() throws IOException {
        try (SmtpTestClient client = proxy.connect()) {
            Reply greeting = client.readReply();
            assertThat(greeting.code()).as("greeting: %s; log: %s", greeting, log.lines()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<alice@client.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob@dane.test>").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);
            client.sendRaw("Subject: levels\r\n\r\nhello\r\n.\r\n");
            assertThat(client.readReply().code()).isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
    }

    private void assertRefused(String status, String logged) throws IOException {
        try (SmtpTestClient client = proxy.connect()) {
            Reply first = client.readReply();
            assertThat(first.code()).as("first reply: %s; log: %s", first, log.lines()).isEqualTo(421);
            assertThat(first.enhancedStatus()).contains(status);
            assertThat(client.readUntilClosed()).isEmpty();
        }
        assertThat(log.lines()).anyMatch(l -> l.contains("upstream refused") && l.contains(logged));
    }
}
