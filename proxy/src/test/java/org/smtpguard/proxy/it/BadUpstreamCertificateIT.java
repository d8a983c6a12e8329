package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * Every kind of bad upstream certificate, made with the certs toolkit itself, is refused on the
 * upstream leg: the client's first line is {@code 421 4.7.5}, the log names the right reason and
 * nothing reaches the upstream; the good certificate passes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadUpstreamCertificateIT extends AgainstFaultyUpstream {

    static Stream<Arguments> badCertificates() {
        return Stream.of(
                bad("expired", c -> c.expired, "cert_expired", "expired at"),
                bad("not yet valid", c -> c.notYetValid, "cert_expired", "not valid before"),
                bad("wrong name", c -> c.wrongName, "cert_name_mismatch", "does not match name mail.test"),
                bad("wrong key usage", c -> c.clientUsageOnly, "cert_untrusted", "not for TLS servers"),
                bad("untrusted chain", c -> c.untrustedChain, "cert_untrusted", "another key of the same name"),
                bad("self-signed", c -> c.selfSigned, "cert_untrusted", "self-signed"));
    }

    private static Arguments bad(String what, Function<TestCertificates, IssuedCertificate> which, String reason,
            String seen) {
        return Arguments.of(what, which, reason, seen);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCertificates")
    void badCertificateIsRefusedWith421_4_7_5AndTheReasonInTheLog(String what,
            Function<TestCertificates, IssuedCertificate> which, String reason, String seen) throws Exception {
        upstream = FaultyUpstream.presenting(which.apply(certificates));
        proxy = ProxyUnderTest.start(upstream.port(), certificates);
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            Reply first = client.readReply();
            assertThat(first.code()).as("%s: %s", what, first).isEqualTo(421);
            assertThat(first.enhancedStatus()).contains("4.7.5");
            client.sendIgnoringFailures("EHLO client.test", "MAIL FROM:<a@client.test>");
            assertThat(client.readUntilClosed()).isEmpty();
            List<String> refused = awaitRefusal(log);
            assertThat(refused).singleElement().asString().contains("reason=" + reason).contains(seen);
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(10));
        assertThat(upstream.messages()).isEmpty();
        assertThat(upstream.commands()).noneMatch(l -> l.isCommand("MAIL") || l.isCommand("EHLO") && l.tls());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodCertificates")
    void goodCertificatePasses(String what, Function<TestCertificates, IssuedCertificate> which) throws Exception {
        upstream = FaultyUpstream.presenting(which.apply(certificates));
        proxy = ProxyUnderTest.start(upstream.port(), certificates);
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        assertThat(upstream.commands()).anyMatch(l -> l.tls() && l.isCommand("EHLO"));
    }

    static Stream<Arguments> goodCertificates() {
        return Stream.of(
                Arguments.of("leaf from the CA", (Function<TestCertificates, IssuedCertificate>) c -> c.good),
                Arguments.of("leaf from an intermediate of the CA, chain sent",
                        (Function<TestCertificates, IssuedCertificate>) c -> c.ca
                                .intermediate("IT intermediate", Instant.now().minus(Duration.ofDays(1)),
                                        Instant.now().plus(Duration.ofDays(30)))
                                .issue(LeafSpec.forNames(Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(30),
                                        TestCertificates.UPSTREAM_NAME))));
    }

    static List<String> awaitRefusal(LogCapture log) {
        await("the refusal is logged").atMost(Duration.ofSeconds(5))
                .until(() -> log.lines().stream().anyMatch(l -> l.contains("upstream refused")));
        return log.lines().stream().filter(l -> l.contains("upstream refused")).toList();
    }
}
