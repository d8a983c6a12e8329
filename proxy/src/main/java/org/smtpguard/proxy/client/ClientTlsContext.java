package org.smtpguard.proxy.client;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.smtpguard.proxy.net.TlsProviders;

/** smtpguard's own TLS towards clients (STARTTLS and implicit TLS listeners), TLS 1.2+. */
public final class ClientTlsContext {

    private final SslContext context;
    private final Duration handshakeTimeout;

    public ClientTlsContext(PrivateKey key, List<X509Certificate> chain, Duration handshakeTimeout) throws SSLException {
        this.context = SslContextBuilder.forServer(key, chain)
                .sslProvider(TlsProviders.best())
                .protocols(TlsProviders.PROTOCOLS)
                .build();
        this.handshakeTimeout = handshakeTimeout;
    }

    /** For an implicit-TLS listener: TLS from the first byte. */
    SslHandler newImplicitHandler(ByteBufAllocator alloc) {
        return timed(new SslHandler(context.newEngine(alloc)));
    }

    /** After STARTTLS: the first write (the 220) still goes out in plaintext. */
    SslHandler newStartTlsHandler(ByteBufAllocator alloc) {
        return timed(new SslHandler(context.newEngine(alloc), true));
    }

    private SslHandler timed(SslHandler handler) {
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }
}
