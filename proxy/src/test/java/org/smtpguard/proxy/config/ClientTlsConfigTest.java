package org.smtpguard.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.certs.PemFiles;

/**
 * The client-side TLS keys: encrypted keys with a password from a file or an environment variable,
 * a key inside the certificate file, SNI certificates, client certificate authentication, and the
 * one-line errors for each way they can be wrong.
 */
class ClientTlsConfigTest extends ConfigLayersFixture {

    private final Instant now = Instant.now();

    @Test
    void encryptedKeyIsReadWithThePasswordFromAFile() throws Exception {
        Path cert = encryptedPair("smtp.test", "correct horse");
        Path password = dir.resolve("key.pass");
        Files.writeString(password, "correct horse\n");
        set("--tls-cert", cert.toString());
        set("--tls-key", dir.resolve("smtp.test.key").toString());
        yaml("client.tls.key_password_file: " + password);

        ClientTlsFiles files = load().config().client().tls().orElseThrow();

        assertThat(files.load().leaf().getSubjectX500Principal().getName()).isEqualTo("CN=smtp.test");
        assertThat(String.join("\n", load().printLines())).doesNotContain("correct horse");
    }

    @Test
    void encryptedKeyIsReadWithThePasswordFromTheNamedEnvironmentVariable() throws Exception {
        Path cert = encryptedPair("smtp.test", "from-env");
        set("--tls-cert", cert.toString());
        set("--tls-key", dir.resolve("smtp.test.key").toString());
        env.put("SMTPGUARD_CLIENT_TLS_KEY_PASSWORD_ENV", "SMTP_KEY_PASS");
        env.put("SMTP_KEY_PASS", "from-env");

        assertThat(load().config().client().tls()).isPresent();
    }

    @Test
    void wrongPasswordIsOneLineNamingWhereItCameFrom() throws Exception {
        Path cert = encryptedPair("smtp.test", "right");
        set("--tls-cert", cert.toString());
        set("--tls-key", dir.resolve("smtp.test.key").toString());
        env.put("SMTPGUARD_CLIENT_TLS_KEY_PASSWORD_ENV", "SMTP_KEY_PASS");
        env.put("SMTP_KEY_PASS", "wrong");

        assertOneLineError("client.tls.key \"" + dir.resolve("smtp.test.key") + "\" (from --tls-key): cannot decrypt"
                + " the private key with the password from environment variable SMTP_KEY_PASS (wrong password?)");
    }

    @Test
    void encryptedKeyWithoutPasswordAndAnUnsetVariableAreOneLineEach() throws Exception {
        Path cert = encryptedPair("smtp.test", "right");
        set("--tls-cert", cert.toString());
        set("--tls-key", dir.resolve("smtp.test.key").toString());

        assertOneLineError("client.tls.key \"" + dir.resolve("smtp.test.key")
                + "\" (from --tls-key): the private key is encrypted and no password was given");
        env.put("SMTPGUARD_CLIENT_TLS_KEY_PASSWORD_ENV", "NOT_SET_ANYWHERE");
        assertOneLineError("client.tls.key_password_env \"NOT_SET_ANYWHERE\" (from env SMTPGUARD_CLIENT_TLS_KEY_PASSWORD_ENV):"
                + " environment variable NOT_SET_ANYWHERE (the key password) is not set");
    }

    @Test
    void keyInsideTheCertificateFileNeedsNoKeyFile() {
        Path both = dir.resolve("both.pem");
        IssuedCertificate issued = issued("smtp.test");
        PemFiles.writeCertificates(both, issued.chain());
        appendKey(both, issued);
        set("--tls-cert", both.toString());

        ClientTlsFiles files = load().config().client().tls().orElseThrow();

        assertThat(files.key()).isEqualTo(both);
        assertThat(files.load().leaf()).isEqualTo(issued.certificate());
    }

    @Test
    void certificateFileWithoutKeyAndNoKeyFileSaysWhatToSet() {
        Path cert = dir.resolve("only.pem");
        PemFiles.writeCertificates(cert, issued("smtp.test").chain());
        set("--tls-cert", cert.toString());

        assertOneLineError("client.tls.cert \"" + cert + "\" (from --tls-cert): no private key found");
    }

    @Test
    void expiredCertificateStopsStartWithOneLine() {
        IssuedCertificate old = IssuedCertificate.selfSigned(LeafSpec.forNames(now.minus(Duration.ofDays(40)),
                Duration.ofDays(10), "smtp.test"));
        old.writePem(dir.resolve("old.pem"), dir.resolve("old.key"));
        set("--tls-cert", dir.resolve("old.pem").toString());
        set("--tls-key", dir.resolve("old.key").toString());

        assertOneLineError("client.tls.cert \"" + dir.resolve("old.pem") + "\" (from --tls-cert): certificate 1"
                + " (CN=smtp.test) expired at ");
    }

    @Test
    void aGreetingNameTheCertificateDoesNotCarryIsOneLine() {
        issued("smtp.test").writePem(dir.resolve("c.pem"), dir.resolve("c.key"));
        set("--tls-cert", dir.resolve("c.pem").toString());
        set("--tls-key", dir.resolve("c.key").toString());
        env.put("SMTPGUARD_CLIENT_GREETING_NAME", "relay.example.com");

        assertOneLineError("client.tls.cert \"" + dir.resolve("c.pem") + "\" (from --tls-cert): the certificate for"
                + " [smtp.test] has no subject alternative name for relay.example.com");
    }

    @Test
    void sniCertificatesAreRepeatableFlagsEachWithItsKeyInside() {
        Path first = withKeyInside("first.pem", issued("a.example"));
        Path second = withKeyInside("second.pem", issued("b.example"));
        flags.put(ConfigKeys.CLIENT_TLS_SNI_CERTS, List.of(first.toString(), second.toString()));

        assertThat(load().config().client().sniCertificates()).extracting(ClientTlsFiles::cert)
                .containsExactly(first, second);
    }

    @Test
    void sniCertificateWithoutADnsNameIsRefused() {
        Path ipOnly = withKeyInside("ip.pem", issued("192.0.2.4"));
        flags.put(ConfigKeys.CLIENT_TLS_SNI_CERTS, List.of(ipOnly.toString()));

        assertOneLineError("client.tls.sni_certs \"" + ipOnly + "\" (from --tls-sni-cert): the certificate has no DNS"
                + " name");
    }

    @Test
    void clientAuthNeedsItsCaAndTheCaNeedsClientAuth() {
        PemFiles.writeCertificates(dir.resolve("apps.pem"), issued("apps").chain());

        set("--client-auth", "required");
        assertOneLineError("client.tls.client_auth \"required\" (from --client-auth): client.tls.client_auth=required"
                + " needs client.tls.client_ca");

        set("--client-ca", dir.resolve("apps.pem").toString());
        assertThat(load().config().client().clientAuth())
                .isEqualTo(new ClientAuth(ClientAuthMode.REQUIRED, java.util.Optional.of(dir.resolve("apps.pem"))));

        set("--client-auth", "off");
        assertOneLineError("client.tls.client_ca \"" + dir.resolve("apps.pem")
                + "\" (from --client-ca): client.tls.client_ca is not used while client.tls.client_auth=off");
    }

    // ---- helpers

    private IssuedCertificate issued(String name) {
        return IssuedCertificate.selfSigned(LeafSpec.forNames(now.minus(Duration.ofHours(1)), Duration.ofDays(60), name));
    }

    private Path withKeyInside(String file, IssuedCertificate issued) {
        Path path = dir.resolve(file);
        PemFiles.writeCertificates(path, issued.chain());
        appendKey(path, issued);
        return path;
    }

    private static void appendKey(Path file, IssuedCertificate issued) {
        try {
            Files.writeString(file, PemFiles.toPem(issued.privateKey()), java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** NAME.pem and NAME.key, the key as encrypted PKCS#8 (AES-256-CBC) with {@code password}. */
    private Path encryptedPair(String name, String password) throws Exception {
        IssuedCertificate issued = issued(name);
        Path cert = dir.resolve(name + ".pem");
        PemFiles.writeCertificates(cert, issued.chain());
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(issued.privateKey(), new JceOpenSSLPKCS8EncryptorBuilder(
                    PKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                    .setPassword(password.toCharArray()).build()));
        }
        Files.writeString(dir.resolve(name + ".key"), out.toString());
        return cert;
    }
}
