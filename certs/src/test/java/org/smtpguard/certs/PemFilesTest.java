package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    private static final CertificateAuthority CA = TestPki.ca("Test CA");

    @TempDir
    Path dir;

    @Test
    void writtenChainAndKeyReadBackAsTheSameCertificatesAndAMatchingKey() {
        CertificateAuthority intermediate = CA.intermediate("Test Intermediate", TestPki.NOW.minus(TestPki.DAY),
                TestPki.NOW.plus(TestPki.YEAR));
        IssuedCertificate issued = intermediate.issue(TestPki.spec("mail.test"));
        Path cert = dir.resolve("mail.crt");
        Path key = dir.resolve("mail.key");

        issued.writePem(cert, key);

        assertThat(PemFiles.readCertificates(cert)).isEqualTo(issued.chain());
        PrivateKey read = PemFiles.readPrivateKey(key);
        assertThat(read.getEncoded()).isEqualTo(issued.privateKey().getEncoded());
        assertThat(KeyMatch.matches(read, issued.certificate())).isTrue();
    }

    @Test
    void rsaKeySurvivesTheRoundTripToo() {
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test").withKeyKind(KeyKind.RSA_2048));

        issued.writePem(dir.resolve("c.pem"), dir.resolve("k.pem"));

        assertThat(KeyMatch.matches(PemFiles.readPrivateKey(dir.resolve("k.pem")), issued.certificate())).isTrue();
    }

    @Test
    void keyFileIsReadableByItsOwnerOnly() throws IOException {
        assumePosix();
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test"));

        issued.writePem(dir.resolve("c.pem"), dir.resolve("k.pem"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("c.pem"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void rewritingAWorldReadableKeyFileLeavesItReadableByItsOwnerOnly() throws IOException {
        assumePosix();
        Path key = dir.resolve("k.pem");
        Files.writeString(key, "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

        PemFiles.writePrivateKey(key, TestPki.otherEcKey());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(key);
        }
    }

    @Test
    void privateKeyPemIsPkcs8ForEcAndRsa() {
        PrivateKey ec = TestPki.otherEcKey();
        PrivateKey rsa = KeyPairs.generate(KeyKind.RSA_2048).getPrivate();

        assertThat(PemFiles.toPem(ec)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(PemFiles.toPem(rsa)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void certificatePemHoldsOneBlockPerCertificate() {
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test"));

        String pem = PemFiles.toPem(issued.certificate(), CA.certificate());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(pem.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
    }

    @Test
    void pkcs1RsaPrivateKeyIsRead() throws IOException {
        PrivateKey rsa = KeyPairs.generate(KeyKind.RSA_2048).getPrivate();
        Path file = write("rsa.key", legacyPem(rsa));
        assertThat(Files.readString(file)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThat(PemFiles.readPrivateKey(file).getEncoded()).isEqualTo(rsa.getEncoded());
    }

    @Test
    void sec1EcPrivateKeyIsRead() throws IOException {
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test"));
        Path file = write("ec.key", sec1Pem(issued));
        assertThat(Files.readString(file)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        assertThat(KeyMatch.matches(PemFiles.readPrivateKey(file), issued.certificate())).isTrue();
    }

    @Test
    void ecKeyAfterAnEcParametersBlockIsRead() throws IOException {
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test"));
        byte[] p256 = org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1.getEncoded();
        Path file = write("ec.key", pem(new PemObject("EC PARAMETERS", p256)) + sec1Pem(issued));

        assertThat(KeyMatch.matches(PemFiles.readPrivateKey(file), issued.certificate())).isTrue();
    }

    @Test
    void keyAndCertificateInOneFileAreBothFound() throws IOException {
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test"));
        Path file = write("both.pem", PemFiles.toPem(issued.certificate()) + PemFiles.toPem(issued.privateKey()));

        assertThat(PemFiles.readCertificates(file)).containsExactly(issued.certificate());
        assertThat(KeyMatch.matches(PemFiles.readPrivateKey(file), issued.certificate())).isTrue();
    }

    @Test
    void missingFileIsOneLineNamingTheFile() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> PemFiles.readCertificates(missing))
                .isInstanceOf(CertificateFileException.class)
                .hasMessage(missing + ": file does not exist");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(missing))
                .hasMessage(missing + ": file does not exist");
    }

    @Test
    void fileWithoutCertificateSaysNoCertificateWasFound() throws IOException {
        Path file = write("empty.pem", "hello\n" + PemFiles.toPem(TestPki.otherEcKey()));

        assertThatThrownBy(() -> PemFiles.readCertificates(file))
                .isInstanceOf(CertificateFileException.class)
                .hasMessage(file + ": no certificate found (expected a PEM \"BEGIN CERTIFICATE\" block)");
    }

    @Test
    void keyFileWithoutKeySaysNoPrivateKeyWasFound() throws IOException {
        Path file = write("cert-only.pem", PemFiles.toPem(CA.certificate()));

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
                .isInstanceOf(CertificateFileException.class)
                .hasMessage(file + ": no private key found (expected a PEM \"BEGIN PRIVATE KEY\" block)");
    }

    @Test
    void encryptedPrivateKeysAreDecryptedWithTheirPasswordAndRefusedWithoutOrWithAWrongOne() throws Exception {
        PrivateKey key = TestPki.otherEcKey();
        BouncyCastleProvider bc = new BouncyCastleProvider();
        String pkcs8 = pem(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(
                org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC).setProvider(bc).setPassword("pw".toCharArray()).build()));
        // BC writes a JDK EC key's SEC1 form without its curve; the legacy form is tried with RSA (PKCS#1).
        PrivateKey rsaKey = KeyPairs.generate(KeyKind.RSA_2048).getPrivate();
        String legacy = pem(new JcaMiscPEMGenerator(rsaKey,
                new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(bc).build("pw".toCharArray())));
        Path modern = write("pkcs8.key", pkcs8);
        Path old = write("legacy.key", legacy);
        assertThat(pkcs8).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(legacy).contains("Proc-Type: 4,ENCRYPTED");

        KeyPassword right = KeyPassword.of("pw".toCharArray(), "file pw.txt");
        KeyPassword wrong = KeyPassword.of("nope".toCharArray(), "file nope.txt");
        for (Path file : List.of(modern, old)) {
            assertThat(PemFiles.readPrivateKey(file, java.util.Optional.of(right)).getEncoded())
                    .as(file.toString()).isEqualTo((file.equals(modern) ? key : rsaKey).getEncoded());
            assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
                    .hasMessage(file + ": the private key is encrypted and no password was given");
            assertThatThrownBy(() -> PemFiles.readPrivateKey(file, java.util.Optional.of(wrong)))
                    .hasMessage(file + ": cannot decrypt the private key with the password from file nope.txt"
                            + " (wrong password?)");
        }
    }

    @Test
    void twoPrivateKeysInOneFileAreRefused() throws IOException {
        Path file = write("two.key", PemFiles.toPem(TestPki.otherEcKey()) + PemFiles.toPem(TestPki.otherEcKey()));

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
                .hasMessage(file + ": 2 private keys found (expected exactly one)");
    }

    @Test
    void damagedCertificateBlockIsOneLineSayingThePemCannotBeParsed() throws IOException {
        Path file = write("bad.pem", "-----BEGIN CERTIFICATE-----\nMIIB\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemFiles.readCertificates(file))
                .isInstanceOf(CertificateFileException.class)
                .hasMessageStartingWith(file + ": cannot parse PEM: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
    }

    @Test
    void directoryIsNotTakenForAFile() {
        assertThatThrownBy(() -> PemFiles.readCertificates(dir))
                .hasMessage(dir + ": is a directory, not a file");
    }

    @Test
    void unreadableFileSaysNotReadable() throws IOException {
        assumePosix();
        Path file = write("secret.pem", PemFiles.toPem(CA.certificate()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeThat(Files.isReadable(file)).as("running as root: every file is readable").isFalse();

        assertThatThrownBy(() -> PemFiles.readCertificates(file)).hasMessage(file + ": not readable");
    }

    @Test
    void fileThatCannotBeWrittenIsOneLineNamingIt() {
        Path nowhere = dir.resolve("no-such-dir").resolve("k.pem");

        assertThatThrownBy(() -> PemFiles.writeCertificates(nowhere, List.of(CA.certificate())))
                .isInstanceOf(CertificateFileException.class)
                .hasMessageStartingWith(nowhere + ": cannot write: ");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** The traditional OpenSSL form of an RSA key: PKCS#1. */
    private static String legacyPem(PrivateKey key) throws IOException {
        return pem((Object) key);
    }

    /**
     * An EC key as {@code openssl ec} writes it: SEC1 with the curve and the public key inside
     * (Bouncy Castle's writer leaves the curve out of a JDK key, which no reader can use).
     */
    private static String sec1Pem(IssuedCertificate issued) throws IOException {
        PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(issued.privateKey().getEncoded());
        ECPrivateKey bare = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
        ECPrivateKey sec1 = new ECPrivateKey(256, bare.getKey(),
                SubjectPublicKeyInfo.getInstance(issued.certificate().getPublicKey().getEncoded()).getPublicKeyData(),
                pkcs8.getPrivateKeyAlgorithm().getParameters());
        return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static String pem(PemObject object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private void assumePosix() {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    }
}
