package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.policy.net.TrustedNetworks;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.ProxyProtocolConfig;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * smtpguard behind a load balancer that speaks HAProxy's PROXY protocol: the headers (v1 text, v2
 * binary) are written by hand here, as a load balancer writes them. The client address they carry is
 * what the log shows and what the trusted-network decision (AUTH without TLS) is made on; a
 * connection without a valid header in time is closed before anything reaches the upstream.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProxyProtocolIT extends AgainstFaultyUpstream {

    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(800);

    private SmtpguardConfig startWithProxyProtocol(boolean onListen, boolean onListenTls, String... trusted)
            throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        var client = config.client()
                .withListenTls(onListenTls ? List.of(new HostPort("127.0.0.1", 0)) : List.of())
                .withProxyProtocol(new ProxyProtocolConfig(onListen, onListenTls, HEADER_TIMEOUT));
        if (trusted.length > 0) {
            client = client.withTrustedNetworks(TrustedNetworks.parse(List.of(trusted)));
        }
        config = config.withClient(client);
        proxy = ProxyUnderTest.start(config);
        return config;
    }

    @Test
    void aV1HeadersClientAddressIsLoggedAndDecidesWhetherAuthNeedsTls() throws Exception {
        startWithProxyProtocol(true, false); // trusted: 127.0.0.0/8, where the connection really comes from
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            client.sendRaw(v1("TCP4", "192.0.2.10", 40000));
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            Reply auth = client.command("AUTH PLAIN " + base64("\0alice\0secret"));
            assertThat(auth.code()).as("192.0.2.10 is not trusted: %s", auth).isEqualTo(538);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> log.lines().stream().anyMatch(l -> l.contains("session end")));
            assertThat(log.lines()).filteredOn(l -> l.contains("session end")).singleElement().asString()
                    .contains("client=192.0.2.10:40000");
        }
        assertThat(upstream.commands()).noneMatch(l -> l.isCommand("AUTH"));
    }

    @Test
    void aV1HeaderFromATrustedNetworkLetsAuthThroughWithoutTls() throws Exception {
        startWithProxyProtocol(true, false, "198.51.100.0/24"); // 127.0.0.1 itself is not trusted now
        try (SmtpTestClient client = proxy.connect()) {
            client.sendRaw(v1("TCP4", "198.51.100.7", 51000));
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("AUTH PLAIN " + base64("\0alice\0secret")).code()).isEqualTo(235);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        assertThat(upstream.authentications()).singleElement()
                .satisfies(a -> assertThat(a.tls()).as("the upstream leg is TLS all the same").isTrue());
    }

    @Test
    void aV2HeaderWithAnIpv6ClientIsLoggedWithThatAddress() throws Exception {
        startWithProxyProtocol(true, false);
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            client.sendRaw(v2(InetAddress.getByName("2001:db8::7"), 1234));
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> log.lines().stream().anyMatch(l -> l.contains("session end")));
            assertThat(log.lines()).filteredOn(l -> l.contains("session end")).singleElement().asString()
                    .contains("client=[2001:db8:0:0:0:0:0:7]:1234");
        }
    }

    @Test
    void aV2LocalHeaderFromTheBalancersHealthCheckKeepsTheConnectionsAddress() throws Exception {
        startWithProxyProtocol(true, false);
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            client.sendRaw(v2Local());
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> log.lines().stream().anyMatch(l -> l.contains("session end")));
            assertThat(log.lines()).filteredOn(l -> l.contains("session end")).singleElement().asString()
                    .contains("client=127.0.0.1:");
        }
    }

    @Test
    void theImplicitTlsListenerReadsTheHeaderBeforeTheHandshake() throws Exception {
        startWithProxyProtocol(false, true);
        try (LogCapture log = LogCapture.start();
             SmtpTestClient client = SmtpTestClient.connect(proxy.implicitTlsAddress())) {
            client.sendRaw(v2(InetAddress.getByName("203.0.113.9"), 2000));
            client.startTls();
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> log.lines().stream().anyMatch(l -> l.contains("session end")));
            assertThat(log.lines()).filteredOn(l -> l.contains("session end")).singleElement().asString()
                    .contains("client=203.0.113.9:2000", "client_tls=implicit");
        }
        try (SmtpTestClient plain = proxy.connect()) {
            assertThat(plain.readReply().code()).as("the plaintext listener expects no header").isEqualTo(220);
        }
    }

    @Test
    void aConnectionThatStartsWithSmtpInsteadOfAHeaderIsClosedAndNeverReachesTheUpstream() throws Exception {
        startWithProxyProtocol(true, false);
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            client.send("EHLO client.test");
            assertThat(client.readUntilClosed()).as("not even a greeting").isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream()
                    .anyMatch(l -> l.contains("client refused") && l.contains("reason=proxy_protocol")));
        }
        assertThat(upstream.connectionsAccepted()).isZero();
    }

    @Test
    void aConnectionThatSendsNoHeaderIsClosedAfterTheHeaderTimeout() throws Exception {
        startWithProxyProtocol(true, false);
        long start = System.nanoTime();
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            assertThat(client.readUntilClosed()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(HEADER_TIMEOUT.minusMillis(50));
            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream()
                    .anyMatch(l -> l.contains("no PROXY protocol header within 800ms")));
        }
        assertThat(upstream.connectionsAccepted()).isZero();
    }

    // ---- headers as a load balancer writes them ----

    private static byte[] v1(String family, String source, int sourcePort) {
        return ("PROXY " + family + " " + source + " 127.0.0.1 " + sourcePort + " 2525\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** A v2 PROXY header over TCP from {@code source}:{@code port} (IPv4 or IPv6) to the loopback. */
    private static byte[] v2(InetAddress source, int port) throws Exception {
        byte[] from = source.getAddress();
        boolean ipv6 = from.length == 16;
        byte[] to = (ipv6 ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1")).getAddress();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(V2_SIGNATURE);
        header.write(0x21); // version 2, PROXY
        header.write(ipv6 ? 0x21 : 0x11); // AF_INET6 or AF_INET, STREAM
        int length = 2 * from.length + 4;
        header.write(length >> 8);
        header.write(length & 0xFF);
        header.writeBytes(from);
        header.writeBytes(to);
        header.write(port >> 8);
        header.write(port & 0xFF);
        header.write(2525 >> 8);
        header.write(2525 & 0xFF);
        return header.toByteArray();
    }

    /** A v2 LOCAL header: the balancer's own connection (health check), no address. */
    private static byte[] v2Local() {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(V2_SIGNATURE);
        header.write(0x20); // version 2, LOCAL
        header.write(0x00); // AF_UNSPEC
        header.write(0);
        header.write(0);
        return header.toByteArray();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
