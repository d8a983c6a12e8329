package org.smtpguard.proxy.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.ChainVerifier;
import org.smtpguard.certs.Fingerprints;
import org.smtpguard.certs.KeyMaterial;
import org.smtpguard.certs.PemFiles;

/** {@code smtpguard certs init} and {@code certs show} as an operator runs them. */
class CertsCommandTest {

    @TempDir
    Path dir;

    @Test
    void initWritesACaAndACertificateForTheNamesThatVerifiesAgainstIt() throws Exception {
        Path pki = dir.resolve("pki");

        CliRun run = CliRun.of("certs", "init", "--dir", pki.toString(), "--name", "smtp.example.com",
                "--name", "192.0.2.25", "--name", "2001:db8::25");

        assertThat(run.status()).as(run.err()).isZero();
        List<X509Certificate> chain = PemFiles.readCertificates(pki.resolve("smtpguard.pem"));
        X509Certificate ca = PemFiles.readCertificates(pki.resolve("ca.pem")).get(0);
        for (String name : List.of("smtp.example.com", "192.0.2.25", "2001:db8::25")) {
            assertThat(ChainVerifier.verify(chain, name, List.of(ca), Instant.now()).verified()).as(name).isTrue();
        }
        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=smtp.example.com");
        PrivateKey key = KeyMaterial.load(pki.resolve("smtpguard.pem"), Optional.of(pki.resolve("smtpguard.key")),
                Optional.empty()).key();
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(Files.readString(pki.resolve("smtpguard.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(run.out()).contains("trust " + pki.resolve("ca.pem"))
                .contains(Fingerprints.sha256(ca))
                .contains("--tls-cert " + pki.resolve("smtpguard.pem") + " --tls-key " + pki.resolve("smtpguard.key"));
    }

    @Test
    void initWritesBothKeysOwnerOnly() throws Exception {
        assertThat(CliRun.of("certs", "init", "--dir", dir.toString()).status()).isZero();

        for (String key : List.of("ca.key", "smtpguard.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))))
                    .as(key).isEqualTo("rw-------");
        }
        X509Certificate leaf = PemFiles.readCertificates(dir.resolve("smtpguard.pem")).get(0);
        assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("localhost", "127.0.0.1");
    }

    @Test
    void initMakesRsaKeysOnRequest() {
        assertThat(CliRun.of("certs", "init", "--dir", dir.toString(), "--key", "rsa3072", "--name", "a.test").status())
                .isZero();

        PrivateKey key = PemFiles.readPrivateKey(dir.resolve("smtpguard.key"));
        assertThat(key.getAlgorithm()).isEqualTo("RSA");
        assertThat(((java.security.interfaces.RSAKey) key).getModulus().bitLength()).isEqualTo(3072);
        assertThat(PemFiles.readCertificates(dir.resolve("ca.pem")).get(0).getPublicKey().getAlgorithm())
                .isEqualTo("RSA");
    }

    @Test
    void initNeverOverwritesAndSaysSoInOneLine() {
        assertThat(CliRun.of("certs", "init", "--dir", dir.toString()).status()).isZero();
        String before = read(dir.resolve("smtpguard.key"));

        CliRun again = CliRun.of("certs", "init", "--dir", dir.toString());

        assertThat(again.status()).isEqualTo(2);
        assertThat(again.errLine()).startsWith("smtpguard: certs init: " + dir.resolve("ca.pem") + ": already exists");
        assertThat(read(dir.resolve("smtpguard.key"))).isEqualTo(before);
    }

    @Test
    void initRefusesABadNameOrKeyTypeInOneLine() {
        assertThat(CliRun.of("certs", "init", "--dir", dir.toString(), "--name", "bad name!").errLine())
                .startsWith("smtpguard: certs init: ");
        assertThat(CliRun.of("certs", "init", "--dir", dir.toString(), "--key", "dsa").errLine())
                .isEqualTo("smtpguard: certs init: --key dsa: expected ec, rsa2048 or rsa3072");
        assertThat(dir.resolve("ca.pem")).doesNotExist();
    }

    @Test
    void showPrintsSubjectNamesIssuerValidityFingerprintAndPinOfEveryCertificate() {
        CliRun.of("certs", "init", "--dir", dir.toString(), "--name", "mx.example.net", "--name", "192.0.2.7");
        X509Certificate leaf = PemFiles.readCertificates(dir.resolve("smtpguard.pem")).get(0);
        X509Certificate ca = PemFiles.readCertificates(dir.resolve("ca.pem")).get(0);
        Path both = dir.resolve("both.pem");
        PemFiles.writeCertificates(both, List.of(leaf, ca));

        CliRun show = CliRun.of("certs", "show", both.toString());

        assertThat(show.status()).as(show.err()).isZero();
        assertThat(show.outLines()).contains(
                both + ": 2 certificates",
                "[1] subject:  CN=mx.example.net",
                "    names:    DNS:mx.example.net, IP:192.0.2.7",
                "    issuer:   " + ca.getSubjectX500Principal().getName(),
                "    sha256:   " + Fingerprints.sha256(leaf),
                "    pin:      " + Fingerprints.spkiSha256(leaf),
                "    pin:      " + Fingerprints.spkiSha256(ca));
        assertThat(show.out()).contains("[2] subject:  " + ca.getSubjectX500Principal().getName() + "  (CA)")
                .contains("(self-signed)").contains("days left)");
    }

    @Test
    void showSaysExpiredInCapitals() {
        var expired = org.smtpguard.certs.IssuedCertificate.selfSigned(org.smtpguard.certs.LeafSpec
                .forNames(Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(2), "old.test"));
        Path file = dir.resolve("old.pem");
        PemFiles.writeCertificates(file, expired.chain());

        assertThat(CliRun.of("certs", "show", file.toString()).out()).contains("(EXPIRED)");
    }

    @Test
    void showOfAFileWithoutCertificatesIsOneLine() throws Exception {
        Path notPem = dir.resolve("notes.txt");
        Files.writeString(notPem, "hello\n");

        CliRun show = CliRun.of("certs", "show", notPem.toString());

        assertThat(show.status()).isEqualTo(2);
        assertThat(show.errLine()).isEqualTo("smtpguard: certs show: " + notPem
                + ": no certificate found (expected a PEM \"BEGIN CERTIFICATE\" block)");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
