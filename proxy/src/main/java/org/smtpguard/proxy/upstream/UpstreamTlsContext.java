package org.smtpguard.proxy.upstream;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.smtpguard.proxy.net.TlsProviders;

/**
 * The one TLS client context for upstream connections: TLS 1.2+, the provider's default cipher list
 * (no anonymous or NULL suites), every chain checked by {@link VerifyingTrustManager}.
 * There is deliberately no way to build it without verification.
 */
public final class UpstreamTlsContext {

    private final SslContext context;
    private final Duration handshakeTimeout;

    public UpstreamTlsContext(List<X509Certificate> trustAnchors, Duration handshakeTimeout, Clock clock)
            throws SSLException {
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("no trust anchors: upstream certificates could never be verified");
        }
        this.context = SslContextBuilder.forClient()
                .sslProvider(TlsProviders.best())
                .protocols(TlsProviders.PROTOCOLS)
                .trustManager(new VerifyingTrustManager(trustAnchors, clock))
                // Our trust manager checks the name itself; asking the engine too costs nothing.
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
        this.handshakeTimeout = handshakeTimeout;
    }

    /** A TLS handler for one connection: SNI and the name to verify are {@code target.tlsName()}. */
    SslHandler newHandler(ByteBufAllocator alloc, UpstreamTarget target) {
        SslHandler handler = context.newHandler(alloc, target.tlsName(), target.address().port());
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }
}
