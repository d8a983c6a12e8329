package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.Fingerprints;
import org.smtpguard.proxy.Main;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.testdns.AuthoritativeDns;
import org.smtpguard.proxy.testdns.TestZones;

/**
 * {@code smtpguard check} against NSD's signed zone and in-test upstreams: what it shows, and its
 * exit status (0 allowed, 1 refused, 2 usage).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CheckCommandIT {

    @TempDir
    static Path dir;
    static TestCertificates certificates;
    static FaultyUpstream selfSigned;
    static AuthoritativeDns dns;

    @BeforeAll
    static void start() throws IOException {
        certificates = TestCertificates.createIn(dir);
        selfSigned = FaultyUpstream.start(Fault.SELF_SIGNED_CERT, certificates);
        String key = Fingerprints.spkiSha256Hex(certificates.selfSigned.certificate());
        dns = AuthoritativeDns.start(dir.resolve("dns"), List.of(
                TestZones.dane().with("_" + selfSigned.port() + "._tcp.mx-good IN TLSA 3 1 1 " + key),
                TestZones.bogus(), TestZones.plain()));
    }

    @AfterAll
    static void stop() {
        if (dns != null) {
            dns.close();
        }
        if (selfSigned != null) {
            selfSigned.close();
        }
    }

    private record Run(int status, String out, String err) {
    }

    private static Run check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("check", "--dns-server", dns.address().toString(),
                "--trust-anchor", dns.trustAnchors().toString(), "--upstream-ca", certificates.caPem.toString(),
                "--timeout", "5"));
        all.addAll(List.of(args));
        int status = Main.execute(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDomainWhoseMxHasValidatedTlsaIsAllowedUnderDaneOnlyAndTheOutputShowsEverything() {
        Run run = check("good.dane.test", "--port", String.valueOf(selfSigned.port()), "--level", "dane-only");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("MX good.dane.test: 1 record(s), DNSSEC secure")
                .contains("10 mx-good.dane.test")
                .containsPattern("MTA-STS good\\.dane\\.test: none/\\S+")
                .doesNotContain("not wired")
                .contains("TLSA _" + selfSigned.port() + "._tcp.mx-good.dane.test: 1 record(s), DNSSEC secure")
                .contains("TLSA 3 1 1 " + Fingerprints.spkiSha256Hex(certificates.selfSigned.certificate()).toUpperCase())
                .contains("S: " + FaultyUpstream.GREETING)
                .contains("STARTTLS: 220")
                .contains("TLS: TLSv1.3")
                .contains("subject=\"CN=" + TestCertificates.UPSTREAM_NAME)
                .containsPattern("verify +FAIL")
                .containsPattern("dane-only +pass dane")
                .contains("result: delivery allowed via mx-good.dane.test under level dane-only");
    }

    @Test
    void aDomainWithoutTlsaIsRefusedUnderDaneOnlyWithTheReason() {
        Run run = check("none.dane.test", "--port", String.valueOf(selfSigned.port()), "--level", "dane-only");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("TLSA _" + selfSigned.port() + "._tcp.mx-none.dane.test: no such name, DNSSEC secure")
                .contains("result: delivery refused: mx-none.dane.test: refused before TLS: level dane-only and no TLSA records");
    }

    @Test
    void aSelfSignedHostIsRefusedUnderVerify() {
        Run run = check("127.0.0.1:" + selfSigned.port(), "--name", TestCertificates.UPSTREAM_NAME);

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("result: delivery refused: 127.0.0.1: verify (level verify): untrusted:");
    }

    @Test
    void aNullMxIsRefused() {
        Run run = check("nullmx.dane.test");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("accepts no mail (null MX");
    }

    @Test
    void badUsageExitsWith2AndOneLine() {
        Run noTarget = check();
        Run badLevel = check("dane.test", "--level", "may");

        assertThat(noTarget.status()).isEqualTo(2);
        assertThat(noTarget.err().strip()).startsWith("smtpguard: ").doesNotContain("\n");
        assertThat(badLevel.status()).isEqualTo(2);
        assertThat(badLevel.err().strip()).startsWith("smtpguard: upstream.tls.level \"may\"").doesNotContain("\n");
    }
}
