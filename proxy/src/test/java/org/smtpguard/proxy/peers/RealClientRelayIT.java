package org.smtpguard.proxy.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.policy.net.TrustedNetworks;
import org.smtpguard.proxy.SmtpguardServer;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.SmtpguardConfig;

/**
 * Real peers on both legs, inside the JVM: Angus Mail (Jakarta Mail) as the client, smtpguard in
 * the middle, SubEthaSMTP as an upstream that requires STARTTLS and offers AUTH PLAIN/LOGIN only
 * after it. Each case sends a message with lines that start with "." and "..", a line that is only
 * ".", 8-bit UTF-8 text (BODY=8BITMIME) and a line longer than smtpguard's command line limit, and
 * checks that the upstream received exactly the bytes the client meant to send, over TLS.
 */
@Timeout(60)
class RealClientRelayIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret";
    private static final Duration ARRIVAL = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private static PeerPki pki;
    private static SubethaUpstream upstream;
    private static SmtpguardServer proxy;
    private static InetSocketAddress plaintextListener;
    private static InetSocketAddress implicitTlsListener;

    @BeforeAll
    static void startPeers() throws InterruptedException {
        pki = PeerPki.generate();
        upstream = SubethaUpstream.start(pki.upstreamServerContext(), USER, PASSWORD);
        proxy = SmtpguardServer.start(proxyConfig());
        List<InetSocketAddress> bound = proxy.boundAddresses();
        plaintextListener = bound.get(0);
        implicitTlsListener = bound.get(1);
    }

    @AfterAll
    static void stopPeers() {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Verified STARTTLS to the upstream (mail.test, our CA); a plaintext and an implicit-TLS listener. */
    private static SmtpguardConfig proxyConfig() {
        SmtpguardConfig config = SmtpguardConfig.forTests(new HostPort("127.0.0.1", upstream.port()));
        return config
                .withUpstream(config.upstream()
                        .withTlsName(PeerPki.UPSTREAM_NAME)
                        .withTlsCa(Optional.of(pki.writeUpstreamCa(dir))))
                .withClient(config.client()
                        .withTls(Optional.of(pki.writeProxyCertificate(dir)))
                        .withListenTls(List.of(new HostPort("127.0.0.1", 0))));
    }

    // ---- deliveries without AUTH ----

    @Test
    void plaintextClientHasItsMessageDeliveredIntactOverTls() throws Exception {
        byte[] message = testMessage("plaintext client");

        send(ClientTls.PLAINTEXT, plaintextListener, Auth.NONE, message);

        assertArrivedIntactOverTls(message, Optional.empty());
    }

    @Test
    void startTlsClientHasItsMessageDeliveredIntact() throws Exception {
        byte[] message = testMessage("STARTTLS client");

        send(ClientTls.STARTTLS, plaintextListener, Auth.NONE, message);

        assertArrivedIntactOverTls(message, Optional.empty());
    }

    @Test
    void implicitTlsClientHasItsMessageDeliveredIntact() throws Exception {
        byte[] message = testMessage("implicit TLS client");

        send(ClientTls.IMPLICIT, implicitTlsListener, Auth.NONE, message);

        assertArrivedIntactOverTls(message, Optional.empty());
    }

    // ---- deliveries with AUTH (relayed to the upstream, which checks the password) ----

    @Test
    void authPlainAfterStartTlsLogsInAtTheUpstreamAndDeliversIntact() throws Exception {
        byte[] message = testMessage("AUTH PLAIN after STARTTLS");

        send(ClientTls.STARTTLS, plaintextListener, Auth.PLAIN, message);

        assertArrivedIntactOverTls(message, Optional.of(USER));
    }

    @Test
    void authLoginAfterStartTlsLogsInAtTheUpstreamAndDeliversIntact() throws Exception {
        byte[] message = testMessage("AUTH LOGIN after STARTTLS");

        send(ClientTls.STARTTLS, plaintextListener, Auth.LOGIN, message);

        assertArrivedIntactOverTls(message, Optional.of(USER));
    }

    @Test
    void authPlainOverImplicitTlsLogsInAtTheUpstreamAndDeliversIntact() throws Exception {
        byte[] message = testMessage("AUTH PLAIN over implicit TLS");

        send(ClientTls.IMPLICIT, implicitTlsListener, Auth.PLAIN, message);

        assertArrivedIntactOverTls(message, Optional.of(USER));
    }

    @Test
    void authLoginOverPlaintextFromATrustedNetworkLogsInAtTheUpstreamOverTls() throws Exception {
        byte[] message = testMessage("AUTH LOGIN over plaintext from loopback");

        send(ClientTls.PLAINTEXT, plaintextListener, Auth.LOGIN, message);

        assertArrivedIntactOverTls(message, Optional.of(USER));
    }

    @Test
    void wrongPasswordFailsTheLoginWithTheUpstreams535() {
        Session session = Session.getInstance(clientProperties(ClientTls.STARTTLS, Auth.PLAIN));

        assertThatThrownBy(() -> {
            try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
                transport.connect(plaintextListener.getHostString(), plaintextListener.getPort(), USER, "wrong");
            }
        }).isInstanceOf(AuthenticationFailedException.class).hasMessageStartingWith("535");
        assertThat(upstream.receivedNothing()).isTrue();
    }

    // ---- AUTH outside the trusted networks ----

    @Test
    void clientOutsideTrustedNetworksIsOfferedAuthOnlyAfterStartTlsAndRefusedWith538Before()
            throws Exception {
        SmtpguardConfig config = proxyConfig();
        config = config.withClient(config.client()
                .withTrustedNetworks(TrustedNetworks.parse(List.of("10.0.0.0/8"))));
        try (SmtpguardServer untrusting = SmtpguardServer.start(config)) {
            InetSocketAddress listener = untrusting.boundAddresses().get(0);

            try (SMTPTransport plain = (SMTPTransport) Session.getInstance(
                    clientProperties(ClientTls.PLAINTEXT, Auth.NONE)).getTransport("smtp")) {
                plain.connect(listener.getHostString(), listener.getPort(), null, null);
                assertThat(plain.supportsExtension("AUTH")).as("AUTH offered on plaintext").isFalse();
                assertThat(plain.supportsExtension("STARTTLS")).isTrue();
                String initial = Base64.getEncoder().encodeToString(
                        ("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.US_ASCII));
                assertThat(plain.simpleCommand("AUTH PLAIN " + initial)).isEqualTo(538);
                assertThat(plain.getLastServerResponse()).startsWith("538 5.7.11");
            }

            byte[] message = testMessage("AUTH PLAIN after STARTTLS from an untrusted network");
            send(ClientTls.STARTTLS, listener, Auth.PLAIN, message);
            assertArrivedIntactOverTls(message, Optional.of(USER));
        }
    }

    // ---- the client and the message ----

    private enum ClientTls { PLAINTEXT, STARTTLS, IMPLICIT }

    private enum Auth { NONE, PLAIN, LOGIN }

    private static void send(ClientTls tls, InetSocketAddress listener, Auth auth, byte[] raw)
            throws MessagingException {
        Session session = Session.getInstance(clientProperties(tls, auth));
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        assertThat(written(message)).as("Angus writes the parsed message unchanged").isEqualTo(raw);
        String protocol = tls == ClientTls.IMPLICIT ? "smtps" : "smtp";
        try (SMTPTransport transport = (SMTPTransport) session.getTransport(protocol)) {
            transport.connect(listener.getHostString(), listener.getPort(),
                    auth == Auth.NONE ? null : USER, auth == Auth.NONE ? null : PASSWORD);
            assertThat(transport.supportsExtension("8BITMIME")).as("8BITMIME offered").isTrue();
            // Not Transport.send(): it would saveChanges() and so rewrite the headers.
            transport.sendMessage(message, message.getAllRecipients());
            assertThat(transport.getLastReturnCode()).isEqualTo(250);
        }
    }

    private static Properties clientProperties(ClientTls tls, Auth auth) {
        SSLSocketFactory trustingProxy = pki.clientTrustingProxy().getSocketFactory();
        Properties props = new Properties();
        for (String p : List.of("mail.smtp", "mail.smtps")) {
            props.put(p + ".connectiontimeout", "10000");
            props.put(p + ".timeout", "20000");
            props.put(p + ".localhost", "client.test");
            props.put(p + ".allow8bitmime", "true");
            props.put(p + ".mailextension", "BODY=8BITMIME"); // Angus sends 8-bit data, but never says so itself
            props.put(p + ".ssl.socketFactory", trustingProxy);
            props.put(p + ".ssl.checkserveridentity", "true");
            props.put(p + ".auth", String.valueOf(auth != Auth.NONE));
            if (auth != Auth.NONE) {
                props.put(p + ".auth.mechanisms", auth.name());
            }
        }
        props.put("mail.smtp.starttls.enable", String.valueOf(tls == ClientTls.STARTTLS));
        props.put("mail.smtp.starttls.required", String.valueOf(tls == ClientTls.STARTTLS));
        return props;
    }

    private static byte[] written(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A message whose transparency is easy to break: dot-stuffing candidates (".x", "..x", "."), UTF-8,
     * a line of 3000 octets (beyond the 2048-octet command line limit, which must not apply to data).
     */
    private static byte[] testMessage(String subject) {
        String id = UUID.randomUUID().toString();
        String longLine = "L".repeat(2990) + "-end-" + id.substring(0, 5);
        String text = String.join("\r\n",
                "From: Alice <alice@client.test>",
                "To: bob@upstream.test",
                "Subject: " + subject + " " + id,
                "Message-ID: <" + id + "@client.test>",
                "Date: Mon, 02 Nov 2026 10:00:00 +0000",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                "first line",
                ".a line that starts with one dot",
                "..a line that starts with two dots",
                ".",
                "...",
                "Grüße aus Köln, ½ € — 日本語 ✓",
                longLine,
                "last line",
                "");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertArrivedIntactOverTls(byte[] sent, Optional<String> authUser) throws InterruptedException {
        SubethaUpstream.Received received = upstream.nextMessage(ARRIVAL);
        assertThat(received.tls()).as("the upstream saw TLS").isTrue();
        assertThat(received.authUser()).as("user logged in at the upstream").isEqualTo(authUser);
        assertThat(received.from()).isEqualTo("alice@client.test");
        assertThat(received.recipients()).containsExactly("bob@upstream.test");
        assertThat(new String(received.content(), StandardCharsets.UTF_8))
                .isEqualTo(new String(sent, StandardCharsets.UTF_8));
        assertThat(received.content()).as("byte for byte").isEqualTo(sent);
    }
}
