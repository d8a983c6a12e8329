package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.CertificateAuthority;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.certs.PemFiles;
import org.smtpguard.proxy.config.DestinationMap;
import org.smtpguard.proxy.config.DestinationRule;
import org.smtpguard.proxy.config.RoutingConfig;
import org.smtpguard.policy.tls.UpstreamTlsLevel;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.config.UpstreamMode;
import org.smtpguard.proxy.testdns.AuthoritativeDns;
import org.smtpguard.proxy.testdns.TestZone;

/**
 * mx mode against a real DNS server (NSD, the signed zone {@code mx.test}): smtpguard greets the client
 * itself, connects at the first RCPT to the MX hosts of the recipient's domain in preference order,
 * fails over past a dead MX and past one whose certificate does not match, and answers a second
 * domain with 452 4.5.3, a null MX with 556 5.1.10. The in-test upstream is every live MX.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MxModeIT extends AgainstFaultyUpstream {

    @TempDir
    static Path dnsDirectory;
    static AuthoritativeDns dns;

    @BeforeAll
    static void startDns() throws IOException {
        dns = AuthoritativeDns.start(dnsDirectory, List.of(TestZone.signed("mx.test")));
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    private void startMxMode() throws Exception {
        startMxMode(DestinationMap.defaults());
    }

    private void startMxMode(DestinationMap destinations) throws Exception {
        startMxMode(port -> destinations, config -> config);
    }

    /** {@code destinations}: the map, given the in-test upstream's port; {@code more}: any other setting. */
    private void startMxMode(IntFunction<DestinationMap> destinations, UnaryOperator<SmtpguardConfig> more)
            throws Exception {
        Instant now = Instant.now();
        upstream = FaultyUpstream.presenting(certificates.ca.issue(LeafSpec.forNames(now.minus(Duration.ofHours(1)),
                Duration.ofDays(30), "live.mx.test", "implicit.mx.test")));
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates)
                .withRouting(new RoutingConfig(UpstreamMode.MX, upstream.port()))
                .withDns(dns.dnsConfig())
                .withDestinations(destinations.apply(upstream.port()));
        proxy = ProxyUnderTest.start(more.apply(config));
    }

    private static void send(SmtpTestClient client, String body) throws IOException {
        assertThat(client.command("DATA").code()).isEqualTo(354);
        client.sendRaw("Subject: mx\r\n\r\n" + body + "\r\n.\r\n");
        SmtpTestClient.Reply accepted = client.readReply();
        assertThat(accepted.code()).as(accepted.toString()).isEqualTo(250);
    }

    @Test
    void greetsItselfThenDeliversThroughTheSecondMxWhenTheFirstIsDead() throws Exception {
        startMxMode();
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            SmtpTestClient.Reply ehlo = client.command("EHLO client.test");
            assertThat(ehlo.ehloKeywords()).contains("PIPELINING", "SIZE", "STARTTLS", "8BITMIME")
                    .doesNotContain("AUTH", "VRFY");
            assertThat(client.command("MAIL FROM:<alice@client.test>").code()).isEqualTo(250);
            assertThat(upstream.connectionsAccepted()).as("no upstream before the first RCPT").isZero();

            SmtpTestClient.Reply rcpt = client.command("RCPT TO:<bob@MX.test>");
            assertThat(rcpt.code()).as(rcpt.toString()).isEqualTo(250);
            send(client, "via the second MX");
            assertThat(client.command("QUIT").code()).isEqualTo(221);

            assertThat(upstream.messages()).singleElement().satisfies(m -> {
                assertThat(m.tls()).isTrue();
                assertThat(m.mailFrom()).isEqualTo("<alice@client.test>");
                assertThat(m.recipients()).containsExactly("<bob@MX.test>");
            });
            assertThat(upstream.plaintextLines()).noneMatch(l -> l.isCommand("MAIL") || l.isCommand("RCPT"));
            assertThat(log.lines()).anyMatch(l -> l.contains("mx attempt failed") && l.contains("domain=mx.test")
                    && l.contains("mx=dead.mx.test") && l.contains("127.0.0.2") && l.contains("reason=connect_failed"));
            assertThat(log.lines()).anyMatch(l -> l.contains("upstream verified") && l.contains("name=live.mx.test"));
        }
    }

    @Test
    void failsOverPastAnMxWhoseCertificateDoesNotMatchItsName() throws Exception {
        startMxMode();
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<alice@client.test>");
            assertThat(client.command("RCPT TO:<bob@tlsfail.mx.test>").code()).isEqualTo(250);
            send(client, "past a bad certificate");

            assertThat(upstream.connectionsAccepted()).as("badcert, then live").isEqualTo(2);
            assertThat(upstream.messages()).hasSize(1);
            assertThat(upstream.plaintextLines()).noneMatch(l -> l.isCommand("MAIL") || l.isCommand("RCPT"));
            assertThat(log.lines()).anyMatch(l -> l.contains("mx attempt failed") && l.contains("mx=badcert.mx.test")
                    && l.contains("reason=cert_name_mismatch"));
        }
    }

    @Test
    void aRecipientOfAnotherDomainGets452AndGoesInATransactionOfItsOwn() throws Exception {
        startMxMode();
        try (SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<alice@client.test>");
            assertThat(client.command("RCPT TO:<bob@other.mx.test>").code()).isEqualTo(250);
            SmtpTestClient.Reply second = client.command("RCPT TO:<carol@implicit.mx.test>");
            assertThat(second.code()).isEqualTo(452);
            assertThat(second.enhancedStatus()).hasValue("4.5.3");
            assertThat(client.command("RCPT TO:<dave@other.mx.test>").code()).isEqualTo(250);
            send(client, "first domain");

            client.command("MAIL FROM:<alice@client.test>");
            assertThat(client.command("RCPT TO:<carol@implicit.mx.test>").code())
                    .as("no MX: delivered to the domain's own address (implicit MX)").isEqualTo(250);
            send(client, "second domain");
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        assertThat(upstream.messages()).extracting(FaultyUpstream.ReceivedMessage::recipients).containsExactly(
                List.of("<bob@other.mx.test>", "<dave@other.mx.test>"), List.of("<carol@implicit.mx.test>"));
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.endings().size() == 2);
        assertThat(upstream.endings()).as("other.mx.test's MX said goodbye before implicit.mx.test's was used")
                .containsValue(FaultyUpstream.Ending.QUIT);
    }

    @Test
    void aNullMxIsRefusedWith556AndNoUsableMxWith451WhileTheSessionGoesOn() throws Exception {
        startMxMode();
        try (SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<alice@client.test>");
            SmtpTestClient.Reply nullMx = client.command("RCPT TO:<bob@nullmx.mx.test>");
            assertThat(nullMx.code()).isEqualTo(556);
            assertThat(nullMx.enhancedStatus()).hasValue("5.1.10");
            assertThat(client.command("RSET").code()).isEqualTo(250);

            client.command("MAIL FROM:<alice@client.test>");
            SmtpTestClient.Reply allBad = client.command("RCPT TO:<bob@allbad.mx.test>");
            assertThat(allBad.code()).isEqualTo(451);
            assertThat(allBad.enhancedStatus()).hasValue("4.4.1");
            assertThat(client.command("DATA").code()).isEqualTo(554);
            assertThat(client.command("NOOP").code()).isEqualTo(250);
        }
        assertThat(upstream.connectionsAccepted()).isZero();
    }

    @Test
    void theDestinationMapsLevelForTheRecipientDomainHoldsForEveryMx() throws Exception {
        // mx.test publishes no TLSA for its MX hosts: dane-only refuses each one before connecting
        startMxMode(new DestinationMap(UpstreamTlsLevel.VERIFY,
                List.of(DestinationRule.parse("mx.test level=dane-only"))));
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<alice@client.test>");
            SmtpTestClient.Reply refused = client.command("RCPT TO:<bob@mx.test>");
            assertThat(refused.code()).as(refused.toString()).isEqualTo(451);
            assertThat(refused.enhancedStatus()).hasValueSatisfying(s -> assertThat(s).startsWith("4.7."));
            assertThat(log.lines()).anyMatch(l -> l.contains("mx attempt failed") && l.contains("mx=live.mx.test")
                    && l.contains("reason=dane_required"));

            // another domain has no rule: the default level (verify) delivers through the same MX host
            client.command("RSET");
            client.command("MAIL FROM:<alice@client.test>");
            assertThat(client.command("RCPT TO:<bob@other.mx.test>").code()).isEqualTo(250);
            send(client, "verify is enough here");
        }
        assertThat(upstream.messages()).singleElement()
                .satisfies(m -> assertThat(m.recipients()).containsExactly("<bob@other.mx.test>"));
    }

    @Test
    void aDestinationMapEntryWithViaRoutesTheDomainToItsUpstreamsInOrderWithoutMx() throws Exception {
        // routed.example and named.example are in no DNS zone: only the via= entries can deliver them
        startMxMode(port -> new DestinationMap(UpstreamTlsLevel.VERIFY, List.of(
                DestinationRule.parse("routed.example via=127.0.0.2:" + port + " via=127.0.0.1:" + port
                        + " match=live.mx.test"),
                DestinationRule.parse("named.example via=live.mx.test:" + port))), config -> config);
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<alice@client.test>");
            SmtpTestClient.Reply rcpt = client.command("RCPT TO:<bob@routed.example>");
            assertThat(rcpt.code()).as(rcpt.toString()).isEqualTo(250);
            send(client, "by address, past a dead first upstream");

            client.command("MAIL FROM:<alice@client.test>");
            assertThat(client.command("RCPT TO:<carol@named.example>").code()).isEqualTo(250);
            send(client, "by name, its address from DNS");
            assertThat(client.command("QUIT").code()).isEqualTo(221);

            assertThat(log.lines()).anyMatch(l -> l.contains("mx attempt failed") && l.contains("domain=routed.example")
                    && l.contains("127.0.0.2") && l.contains("reason=connect_failed"));
            assertThat(log.lines()).noneMatch(l -> l.contains("MX of routed.example") || l.contains("MX of named.example"));
        }
        assertThat(upstream.messages()).extracting(FaultyUpstream.ReceivedMessage::recipients)
                .containsExactly(List.of("<bob@routed.example>"), List.of("<carol@named.example>"));
        assertThat(upstream.messages()).allMatch(FaultyUpstream.ReceivedMessage::tls);
    }

    @Test
    void aViaUpstreamIsHeldToTheEntrysNamesLikeAnyOther() throws Exception {
        startMxMode(port -> new DestinationMap(UpstreamTlsLevel.VERIFY, List.of(DestinationRule.parse(
                "routed.example via=127.0.0.1:" + port + " match=other.name.test"))), config -> config);
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<alice@client.test>");
            SmtpTestClient.Reply refused = client.command("RCPT TO:<bob@routed.example>");
            assertThat(refused.code()).as(refused.toString()).isEqualTo(451);
            assertThat(log.lines()).anyMatch(l -> l.contains("mx attempt failed") && l.contains("reason=cert_name_mismatch"));
        }
        assertThat(upstream.messages()).isEmpty();
        assertThat(upstream.plaintextLines()).noneMatch(l -> l.isCommand("MAIL") || l.isCommand("RCPT"));
    }

    @Test
    void aReplacedUpstreamCaFileIsTrustedByTheNextMxAttempt() throws Exception {
        Path ca = java.nio.file.Files.createTempDirectory(dnsDirectory, "ca").resolve("upstream-ca.pem");
        PemFiles.writeCertificates(ca, List.of(CertificateAuthority.generate("some other CA",
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30))).certificate()));
        startMxMode(port -> DestinationMap.defaults(), config -> config
                .withUpstream(config.upstream().withTlsCa(Optional.of(ca)))
                .withLifecycle(config.lifecycle().withTlsReloadInterval(Duration.ofMillis(200))));
        assertThat(rcptToMxTest()).as("no MX is trusted yet").isEqualTo(451);

        try (LogCapture log = LogCapture.start()) {
            java.nio.file.Files.copy(certificates.caPem, ca, StandardCopyOption.REPLACE_EXISTING);
            await("the next MX attempt trusts the new CA").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200)).until(() -> rcptToMxTest() == 250);
            assertThat(log.lines()).anyMatch(l -> l.contains("upstream trust anchors reloaded"));
        }
    }

    /** A new session's answer to a recipient at mx.test (dead MX, then the live one). */
    private int rcptToMxTest() throws IOException {
        try (SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<alice@client.test>");
            int code = client.command("RCPT TO:<bob@mx.test>").code();
            client.command("QUIT");
            return code;
        }
    }

    @Test
    void tlsRptCountsEachMxConnectionUnderTheRecipientDomain() throws Exception {
        Path reports = java.nio.file.Files.createTempDirectory(dnsDirectory, "tlsrpt");
        startMxMode(port -> DestinationMap.defaults(), config -> config.withTlsRpt(config.tlsRpt().withDirectory(reports)));
        try (SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<alice@client.test>");
            assertThat(client.command("RCPT TO:<bob@tlsfail.mx.test>").code()).isEqualTo(250);
            send(client, "past a bad certificate");
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        proxy.close();
        proxy = null;

        List<Path> files;
        try (var list = java.nio.file.Files.list(reports)) {
            files = list.toList();
        }
        assertThat(files).singleElement().satisfies(file -> assertThat(file.getFileName().toString())
                .startsWith("smtpguard.test!tlsfail.mx.test!"));
        String json = java.nio.file.Files.readString(files.get(0));
        assertThat(json).contains("\"policy-domain\": \"tlsfail.mx.test\"", "\"policy-type\": \"no-policy-found\"",
                "\"total-successful-session-count\": 1", "\"total-failure-session-count\": 1",
                "\"result-type\": \"certificate-host-mismatch\"", "\"receiving-mx-hostname\": \"badcert.mx.test\"",
                "\"receiving-ip\": \"127.0.0.1\"");
        assertThat(json).doesNotContain("mx.invalid");
    }
}
