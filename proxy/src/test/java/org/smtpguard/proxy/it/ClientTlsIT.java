package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.CertificateAuthority;
import org.smtpguard.certs.ExtendedUsage;
import org.smtpguard.certs.Fingerprints;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.certs.PemFiles;
import org.smtpguard.proxy.config.ClientAuth;
import org.smtpguard.proxy.config.ClientAuthMode;
import org.smtpguard.proxy.config.ClientTlsFiles;
import org.smtpguard.proxy.config.SmtpguardConfig;

/**
 * The client leg's certificates: the one a client gets depends on the name it sends as SNI (the
 * default for none or an unknown name), and client certificates are asked for, required or verified
 * as {@code client.tls.client_auth} says, with the client's certificate in the session line.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientTlsIT extends AgainstFaultyUpstream {

    @TempDir
    Path dir;

    private final Instant now = Instant.now();
    private final CertificateAuthority clientSideCa = CertificateAuthority.generate("client-side CA",
            now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)));

    @Test
    void eachSniNameGetsItsCertificateAndOthersTheDefault() throws Exception {
        ClientTlsFiles byDefault = write("default", clientSideCa.issue(spec("smtp.example.com")));
        ClientTlsFiles mail = write("mail", clientSideCa.issue(spec("mail.example.net", "smtp.example.net")));
        ClientTlsFiles wildcard = write("wild", clientSideCa.issue(spec("*.example.org")));
        upstream = FaultyUpstream.start(FaultyUpstream.Fault.NONE, certificates);
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        proxy = ProxyUnderTest.start(config.withClient(config.client().withTls(Optional.of(byDefault))
                .withSniCertificates(List.of(mail, wildcard))));

        assertThat(subjectSeenWithSni("mail.example.net")).isEqualTo("CN=mail.example.net");
        assertThat(subjectSeenWithSni("smtp.example.net")).isEqualTo("CN=mail.example.net");
        assertThat(subjectSeenWithSni("relay.example.org")).isEqualTo("CN=*.example.org");
        assertThat(subjectSeenWithSni("unknown.example.com")).isEqualTo("CN=smtp.example.com");
        assertThat(subjectSeenWithSni(null)).isEqualTo("CN=smtp.example.com");
    }

    @Test
    void requiredClientCertificateIsVerifiedAndLoggedInTheSessionLine() throws Exception {
        Path clientCa = dir.resolve("client-ca.pem");
        CertificateAuthority appCa = CertificateAuthority.generate("app CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(90)));
        PemFiles.writeCertificates(clientCa, List.of(appCa.certificate()));
        IssuedCertificate app = appCa.issue(spec("legacy-app.internal").withExtendedUsages(ExtendedUsage.CLIENT_AUTH));
        startWithClientAuth(ClientAuthMode.REQUIRED, clientCa);

        try (LogCapture log = LogCapture.start()) {
            try (SmtpTestClient client = proxy.connect()) {
                startTls(client, null, app);
                assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
                assertThat(client.command("QUIT").code()).isEqualTo(221);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream().anyMatch(l -> l.contains("session end")));
            assertThat(log.lines()).filteredOn(l -> l.contains("session end")).singleElement().asString()
                    .contains("client_cert=\"CN=legacy-app.internal\"")
                    .contains("client_cert_sha256=" + Fingerprints.sha256(app.certificate()));
        }
    }

    @Test
    void requiredClientCertificateRefusesAClientWithoutOneOrWithAnUntrustedOne() throws Exception {
        Path clientCa = dir.resolve("client-ca.pem");
        PemFiles.writeCertificates(clientCa, List.of(clientSideCa.certificate()));
        startWithClientAuth(ClientAuthMode.REQUIRED, clientCa);
        IssuedCertificate stranger = IssuedCertificate.selfSigned(spec("stranger.test")
                .withExtendedUsages(ExtendedUsage.CLIENT_AUTH));

        for (IssuedCertificate shown : new IssuedCertificate[] {null, stranger}) {
            try (SmtpTestClient client = proxy.connect()) {
                assertThatThrownBy(() -> {
                    startTls(client, null, shown);
                    client.command("EHLO client.test"); // TLS 1.3: the refusal arrives with the first read
                }).as("client certificate %s", shown).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void optionalClientCertificateLetsAClientWithoutOneIn() throws Exception {
        Path clientCa = dir.resolve("client-ca.pem");
        PemFiles.writeCertificates(clientCa, List.of(clientSideCa.certificate()));
        startWithClientAuth(ClientAuthMode.OPTIONAL, clientCa);

        try (SmtpTestClient client = proxy.connect()) {
            startTls(client, null, null);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
        }
    }

    // ---- helpers

    private void startWithClientAuth(ClientAuthMode mode, Path clientCa) throws Exception {
        upstream = FaultyUpstream.start(FaultyUpstream.Fault.NONE, certificates);
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        proxy = ProxyUnderTest.start(config.withClient(config.client()
                .withClientAuth(new ClientAuth(mode, Optional.of(clientCa)))));
    }

    private String subjectSeenWithSni(String sniName) throws Exception {
        try (SmtpTestClient client = proxy.connect()) {
            X509Certificate seen = startTls(client, sniName, null);
            return seen.getSubjectX500Principal().getName();
        }
    }

    private static X509Certificate startTls(SmtpTestClient client, String sniName, IssuedCertificate clientCertificate)
            throws Exception {
        assertThat(client.readReply().code()).isEqualTo(220);
        assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
        assertThat(client.command("STARTTLS").code()).isEqualTo(220);
        KeyManager[] keys = null;
        if (clientCertificate != null) {
            char[] password = "in-memory".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", clientCertificate.privateKey(), password,
                    clientCertificate.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            keys = factory.getKeyManagers();
        }
        return client.startTls(sniName, keys);
    }

    private ClientTlsFiles write(String name, IssuedCertificate issued) {
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        issued.writePem(cert, key);
        return new ClientTlsFiles(cert, key);
    }

    private LeafSpec spec(String... names) {
        return LeafSpec.forNames(now.minus(Duration.ofHours(1)), Duration.ofDays(30), names);
    }
}
