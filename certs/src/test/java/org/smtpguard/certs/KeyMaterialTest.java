package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading smtpguard's own key and chain from the files operators make: PEM in two files or one,
 * PKCS#12 from the JDK's keytool and from openssl, encrypted PKCS#8 from openssl.
 */
class KeyMaterialTest {

    private static final KeyPassword PASSWORD = KeyPassword.of("s3cret pw".toCharArray(), "file test.pass");

    @TempDir
    Path dir;

    private final CertificateAuthority ca = TestPki.ca("Material CA");
    private final IssuedCertificate issued = ca.intermediate("Material Sub CA", TestPki.NOW.minus(TestPki.YEAR),
            java.time.Instant.now().plus(TestPki.YEAR)).issue(TestPki.spec("smtp.test"));

    @Test
    void pemChainAndSeparateKeyLoadAsWritten() {
        issued.writePem(dir.resolve("c.pem"), dir.resolve("k.pem"));

        KeyMaterial material = KeyMaterial.load(dir.resolve("c.pem"), Optional.of(dir.resolve("k.pem")), Optional.empty());

        assertThat(material.chain()).isEqualTo(issued.chain());
        assertThat(material.key().getEncoded()).isEqualTo(issued.privateKey().getEncoded());
    }

    @Test
    void keyInTheCertificateFileIsFoundWithoutAKeyFile() throws Exception {
        Path both = dir.resolve("both.pem");
        Files.writeString(both, PemFiles.toPem(issued.chain().toArray(java.security.cert.X509Certificate[]::new))
                + PemFiles.toPem(issued.privateKey()));

        KeyMaterial material = KeyMaterial.load(both, Optional.empty(), Optional.empty());

        assertThat(material.leaf()).isEqualTo(issued.certificate());
    }

    @Test
    void keyOfAnotherCertificateIsOneLineSayingItDoesNotMatch() {
        issued.writePem(dir.resolve("c.pem"), dir.resolve("k.pem"));
        PemFiles.writePrivateKey(dir.resolve("old.key"), TestPki.otherEcKey());

        assertThatThrownBy(() -> KeyMaterial.load(dir.resolve("c.pem"), Optional.of(dir.resolve("old.key")),
                Optional.empty()))
                .isInstanceOf(CertificateFileException.class)
                .hasMessageStartingWith(dir.resolve("old.key") + ": the private key does not match the certificate CN=smtp.test")
                .hasMessageNotContaining("\n");
    }

    @Test
    void pkcs12MadeByKeytoolLoadsWithItsPassword() throws Exception {
        Path p12 = dir.resolve("keytool.p12");
        ExternalTool.run(dir, ExternalTool.keytool(), "-genkeypair", "-alias", "smtpguard", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=p12.test", "-ext", "san=dns:p12.test", "-validity", "30",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "s3cret pw");

        KeyMaterial material = KeyMaterial.load(p12, Optional.empty(), Optional.of(PASSWORD));

        assertThat(Pkcs12Files.isPkcs12(p12)).isTrue();
        assertThat(material.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=p12.test");
        assertThat(KeyMatch.matches(material.key(), material.leaf())).isTrue();
        assertThat(Pkcs12Files.readCertificates(p12, Optional.of(PASSWORD))).containsExactly(material.leaf());
    }

    @Test
    void pkcs12WithAWrongOrMissingPasswordIsOneLine() throws Exception {
        Path p12 = dir.resolve("keytool.p12");
        ExternalTool.run(dir, ExternalTool.keytool(), "-genkeypair", "-alias", "a", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=p12.test", "-validity", "30", "-storetype", "PKCS12", "-keystore", p12.toString(),
                "-storepass", "right-one");

        assertThatThrownBy(() -> KeyMaterial.load(p12, Optional.empty(), Optional.of(PASSWORD)))
                .hasMessage(p12 + ": cannot open the PKCS#12 file with the password from file test.pass (wrong password?)");
        assertThatThrownBy(() -> KeyMaterial.load(p12, Optional.empty(), Optional.empty()))
                .hasMessageStartingWith(p12 + ": ").hasMessageNotContaining("\n");
    }

    @Test
    void pkcs12ExportedByOpensslFromOurPemKeepsTheWholeChain() throws Exception {
        assumeThat(ExternalTool.available("openssl")).as("openssl installed").isTrue();
        issued.writePem(dir.resolve("c.pem"), dir.resolve("k.pem"));
        Path p12 = dir.resolve("openssl.p12");
        ExternalTool.run(dir, "openssl", "pkcs12", "-export", "-in", "c.pem", "-inkey", "k.pem",
                "-passout", "pass:s3cret pw", "-out", p12.toString());

        KeyMaterial material = KeyMaterial.load(p12, Optional.empty(), Optional.of(PASSWORD));

        assertThat(material.chain()).isEqualTo(issued.chain());
        assertThat(material.key().getEncoded()).isEqualTo(issued.privateKey().getEncoded());
    }

    @Test
    void encryptedPkcs8MadeByOpensslLoadsWithItsPassword() throws Exception {
        assumeThat(ExternalTool.available("openssl")).as("openssl installed").isTrue();
        issued.writePem(dir.resolve("c.pem"), dir.resolve("k.pem"));
        ExternalTool.run(dir, "openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "k.pem",
                "-passout", "pass:s3cret pw", "-out", "enc.pem");
        assertThat(Files.readString(dir.resolve("enc.pem"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        KeyMaterial material = KeyMaterial.load(dir.resolve("c.pem"), Optional.of(dir.resolve("enc.pem")),
                Optional.of(PASSWORD));

        assertThat(material.key().getEncoded()).isEqualTo(issued.privateKey().getEncoded());
    }

    @Test
    void pkcs1RsaKeyFromOpensslLoads() throws Exception {
        assumeThat(ExternalTool.available("openssl")).as("openssl installed").isTrue();
        IssuedCertificate rsa = ca.issue(TestPki.spec("rsa.test").withKeyKind(KeyKind.RSA_2048));
        rsa.writePem(dir.resolve("c.pem"), dir.resolve("k.pem"));
        ExternalTool.run(dir, "openssl", "rsa", "-in", "k.pem", "-traditional", "-out", "pkcs1.pem");
        assertThat(Files.readString(dir.resolve("pkcs1.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        KeyMaterial material = KeyMaterial.load(dir.resolve("c.pem"), Optional.of(dir.resolve("pkcs1.pem")),
                Optional.empty());

        assertThat(material.key().getAlgorithm()).isEqualTo("RSA");
    }
}
