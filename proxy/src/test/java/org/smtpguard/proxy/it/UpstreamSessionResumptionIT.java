package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.UpstreamTlsMode;
import org.smtpguard.proxy.net.TlsProviders;
import org.smtpguard.proxy.net.Transport;
import org.smtpguard.proxy.sink.SinkServer;
import org.smtpguard.proxy.upstream.UpstreamConnector;
import org.smtpguard.proxy.upstream.UpstreamRefused;
import org.smtpguard.proxy.upstream.UpstreamTarget;
import org.smtpguard.proxy.upstream.UpstreamTlsContext;
import org.smtpguard.proxy.upstream.VerifiedUpstream;

/**
 * TLS session resumption towards the upstream: a second connection to the same upstream skips the
 * full handshake, but only with a session that was verified, for the same host, port and name.
 */
@Timeout(60)
class UpstreamSessionResumptionIT {

    @TempDir
    static java.nio.file.Path certificateDirectory;
    static TestCertificates certificates;

    private final List<SinkServer> sinks = new java.util.ArrayList<>();
    private EventLoopGroup group;
    private ExecutorService resolver;
    private UpstreamTlsContext tls;
    private UpstreamConnector connector;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.createIn(certificateDirectory);
    }

    @BeforeEach
    void setUp() throws Exception {
        group = Transport.best().newGroup(1, "resumption-it");
        resolver = Executors.newSingleThreadExecutor();
        tls = new UpstreamTlsContext(List.of(certificates.ca.certificate()), Duration.ofSeconds(5), Clock.systemUTC());
        connector = new UpstreamConnector(tls, new UpstreamConnector.Settings("proxy.test", Duration.ofSeconds(5),
                Duration.ofSeconds(5), 2048, 100, 65536), Transport.best(), resolver);
    }

    @AfterEach
    void tearDown() {
        sinks.forEach(SinkServer::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        resolver.shutdownNow();
    }

    @Test
    void theSecondConnectionToTheSameUpstreamResumesTheVerifiedSession() throws Exception {
        UpstreamTarget target = target("127.0.0.1", sink(certificates.good));

        VerifiedUpstream first = connect(target);
        close(first);
        VerifiedUpstream second = connect(target);
        close(second);

        assertThat(first.resumed()).isFalse();
        assertThat(second.resumed()).as("TLS session resumed").isEqualTo(TlsProviders.best() == io.netty.handler.ssl.SslProvider.OPENSSL);
        assertThat(second.peerCertificate()).as("the verified certificate, from the resumed session")
                .isEqualTo(first.peerCertificate());
        assertThat(tls.handshakes()).isEqualTo(2);
        assertThat(tls.resumedHandshakes()).isEqualTo(second.resumed() ? 1 : 0);
    }

    @Test
    void aSessionIsNeverOfferedToAnotherHostOrPort() throws Exception {
        int port = sink(certificates.good);
        int otherPort = sink(certificates.good);
        close(connect(target("127.0.0.1", port)));

        VerifiedUpstream otherHost = connect(target("localhost", port));
        close(otherHost);
        VerifiedUpstream otherPortUpstream = connect(target("127.0.0.1", otherPort));
        close(otherPortUpstream);

        assertThat(otherHost.resumed()).as("same port and name, other host").isFalse();
        assertThat(otherPortUpstream.resumed()).as("same host and name, other port").isFalse();
        assertThat(tls.resumedHandshakes()).isZero();
    }

    @Test
    void anUpstreamWhoseCertificateFailsIsRefusedEveryTime() throws Exception {
        UpstreamTarget target = target("127.0.0.1", sink(certificates.wrongName));

        for (int attempt = 0; attempt < 3; attempt++) {
            Future<VerifiedUpstream> future = connector.connect(target, group.next()).await();
            assertThat(future.cause()).isInstanceOf(UpstreamRefused.class);
            assertThat(((UpstreamRefused) future.cause()).reason()).isEqualTo(RefusalReason.CERT_NAME_MISMATCH);
        }
        assertThat(tls.handshakes()).isZero();
    }

    private int sink(IssuedCertificate certificate) throws Exception {
        SslContext server = SslContextBuilder.forServer(certificate.privateKey(), certificate.chain())
                .sslProvider(TlsProviders.best()).protocols(TlsProviders.PROTOCOLS).build();
        SinkServer sink = SinkServer.start("127.0.0.1", 0, "sink.test", server, m -> { });
        sinks.add(sink);
        return sink.address().getPort();
    }

    private static UpstreamTarget target(String host, int port) {
        return new UpstreamTarget(new HostPort(host, port), UpstreamTlsMode.STARTTLS, TestCertificates.UPSTREAM_NAME);
    }

    private VerifiedUpstream connect(UpstreamTarget target) throws InterruptedException, ExecutionException {
        return connector.connect(target, group.next()).get();
    }

    private static void close(VerifiedUpstream upstream) {
        upstream.channel().close().awaitUninterruptibly();
    }
}
