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
import org.smtpguard.proxy.config.UpstreamTrust;
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
        this(trustAnchors, UpstreamTrust.CA, handshakeTimeout, clock);
    }

    /** With {@code trust} saying whether the chain, the pins or both are checked. */
    public UpstreamTlsContext(List<X509Certificate> trustAnchors, UpstreamTrust trust, Duration handshakeTimeout,
            Clock clock) throws SSLException {
        if (trust.verification().checksChain() && trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("no trust anchors: upstream certificates could never be verified");
        }
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(TlsProviders.best())
                .protocols(TlsProviders.PROTOCOLS)
                .trustManager(new VerifyingTrustManager(trustAnchors, trust, clock));
        if (trust.verification().checksChain()) {
            // Our trust manager checks the name itself; asking the engine too costs nothing.
            // Not with pins alone: a pinned self-signed upstream need not carry the configured name.
            builder.endpointIdentificationAlgorithm("HTTPS");
        }
        this.context = builder.build();
        this.handshakeTimeout = handshakeTimeout;
    }

    /** A TLS handler for one connection: SNI and the name to verify are {@code target.tlsName()}. */
    SslHandler newHandler(ByteBufAllocator alloc, UpstreamTarget target) {
        SslHandler handler = context.newHandler(alloc, target.tlsName(), target.address().port());
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }
}
