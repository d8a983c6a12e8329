package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.CertificateAuthority;
import org.smtpguard.certs.Fingerprints;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.certs.PemFiles;
import org.smtpguard.proxy.config.ClientTlsFiles;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * Certificate files that change on disk while smtpguard runs (a renewed Kubernetes Secret, a
 * certificate rotated by cert-manager or certbot): new sessions get the new material, sessions in
 * progress go on, and a bad new file is logged once and the previous material kept.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CertificateReloadIT extends AgainstFaultyUpstream {

    private static final Duration RELOAD_INTERVAL = Duration.ofMillis(200);
    private static final Duration SEEN_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path files;

    private SmtpguardConfig config() {
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        return config.withLifecycle(config.lifecycle().withTlsReloadInterval(RELOAD_INTERVAL));
    }

    private static IssuedCertificate clientSideCertificate(String name) {
        return CertificateAuthority.generate("client-side CA " + name, Instant.now().minus(Duration.ofDays(1)),
                        Instant.now().plus(Duration.ofDays(30)))
                .issue(LeafSpec.forNames(Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(30), name));
    }

    /** Writes cert and key the way a rotation does: each file replaced at once (a rename). */
    private void install(IssuedCertificate certificate) throws IOException {
        Path cert = files.resolve("new-client.crt");
        Path key = files.resolve("new-client.key");
        PemFiles.writePrivateKey(key, certificate.privateKey());
        PemFiles.writeCertificates(cert, certificate.chain());
        Files.move(key, files.resolve("client.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(cert, files.resolve("client.crt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The SHA-256 of the certificate a new STARTTLS session is shown. */
    private String presentedFingerprint() throws IOException {
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO app.test").code()).isEqualTo(250);
            assertThat(client.command("STARTTLS").code()).isEqualTo(220);
            client.startTls();
            X509Certificate shown = client.peerCertificate();
            client.command("QUIT");
            return Fingerprints.sha256(shown);
        }
    }

    @Test
    void aReplacedClientSideCertificateIsShownToNewSessionsWhileSessionsInProgressGoOn() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        IssuedCertificate first = clientSideCertificate("first.test");
        IssuedCertificate second = clientSideCertificate("second.test");
        install(first);
        SmtpguardConfig config = config();
        proxy = ProxyUnderTest.start(config.withClient(config.client().withTls(Optional.of(
                new ClientTlsFiles(files.resolve("client.crt"), files.resolve("client.key"))))));
        assertThat(presentedFingerprint()).isEqualTo(Fingerprints.sha256(first.certificate()));

        try (LogCapture log = LogCapture.start(); SmtpTestClient inProgress = proxy.connect()) {
            assertThat(inProgress.readReply().code()).isEqualTo(220);
            assertThat(inProgress.command("EHLO app.test").code()).isEqualTo(250);
            assertThat(inProgress.command("MAIL FROM:<app@client.test>").code()).isEqualTo(250);

            install(second);
            await("new sessions see the new certificate").atMost(SEEN_WITHIN).pollInterval(Duration.ofMillis(200))
                    .until(() -> presentedFingerprint().equals(Fingerprints.sha256(second.certificate())));
            assertThat(log.lines()).anyMatch(l -> l.contains("client-side certificate reloaded"));

            assertThat(inProgress.command("RCPT TO:<ops@mail.test>").code()).as("not dropped").isEqualTo(250);
            assertThat(inProgress.command("QUIT").code()).isEqualTo(221);
        }
    }

    @Test
    void aBadNewClientSideCertificateIsLoggedOnceAndTheCurrentOneKept() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        IssuedCertificate good = clientSideCertificate("good.test");
        install(good);
        SmtpguardConfig config = config();
        proxy = ProxyUnderTest.start(config.withClient(config.client().withTls(Optional.of(
                new ClientTlsFiles(files.resolve("client.crt"), files.resolve("client.key"))))));
        try (LogCapture log = LogCapture.start()) {
            Files.writeString(files.resolve("client.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n", StandardCharsets.US_ASCII);
            await("the failed reload is logged").atMost(SEEN_WITHIN)
                    .until(() -> log.lines().stream().anyMatch(l -> l.contains("not reloaded")));
            Thread.sleep(5 * RELOAD_INTERVAL.toMillis()); // more checks of the same bad content
            assertThat(log.lines()).filteredOn(l -> l.contains("not reloaded")).singleElement().asString()
                    .startsWith("WARN smtpguard.tls client-side certificate not reloaded, keeping the previous one")
                    .contains(files.resolve("client.crt").toString());
            assertThat(presentedFingerprint()).isEqualTo(Fingerprints.sha256(good.certificate()));

            IssuedCertificate mismatched = clientSideCertificate("mismatch.test");
            PemFiles.writeCertificates(files.resolve("client.crt"), mismatched.chain()); // the old key stays
            await("a key that does not match is refused").atMost(SEEN_WITHIN).until(() -> log.lines().stream()
                    .filter(l -> l.contains("not reloaded")).count() == 2);
            assertThat(presentedFingerprint()).isEqualTo(Fingerprints.sha256(good.certificate()));
        }
    }

    @Test
    void aReplacedUpstreamCaFileIsTrustedForNewSessionsAndABadOneIsNotTakenUp() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        Path ca = files.resolve("upstream-ca.pem");
        CertificateAuthority unrelated = CertificateAuthority.generate("some other CA",
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        PemFiles.writeCertificates(ca, List.of(unrelated.certificate()));
        SmtpguardConfig config = config();
        proxy = ProxyUnderTest.start(config.withUpstream(config.upstream().withTlsCa(Optional.of(ca))));
        try (SmtpTestClient client = proxy.connect()) {
            Reply refused = client.readReply();
            assertThat(refused.code()).as("%s", refused).isEqualTo(421);
            assertThat(refused.enhancedStatus()).contains("4.7.5");
        }

        try (LogCapture log = LogCapture.start()) {
            Files.copy(certificates.caPem, ca, StandardCopyOption.REPLACE_EXISTING);
            await("new sessions trust the new CA").atMost(SEEN_WITHIN).pollInterval(Duration.ofMillis(200))
                    .until(this::greeted);
            assertThat(log.lines()).anyMatch(l -> l.contains("upstream trust anchors reloaded"));

            Files.writeString(ca, "garbage\n", StandardCharsets.US_ASCII);
            await("the failed reload is logged").atMost(SEEN_WITHIN)
                    .until(() -> log.lines().stream().anyMatch(l -> l.contains("upstream trust anchors not reloaded")));
            assertThat(greeted()).as("the CA that works is kept").isTrue();
        }
    }

    private boolean greeted() throws IOException {
        try (SmtpTestClient client = proxy.connect()) {
            boolean greeted = client.readReply().code() == 220;
            if (greeted) {
                client.command("QUIT");
            }
            return greeted;
        }
    }
}
