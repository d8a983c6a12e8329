package org.smtpguard.proxy.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLException;
import org.smtpguard.certs.TrustAnchors;
import org.smtpguard.proxy.net.TlsProviders;

/**
 * The load generator's TLS: the server's chain verified against the given anchors and its name
 * checked (and sent as SNI), like any careful client. Sessions are resumed only when asked.
 */
final class BenchTls {

    private final SslContext context;
    private final BenchPlan plan;

    private BenchTls(SslContext context, BenchPlan plan) {
        this.context = context;
        this.plan = plan;
    }

    /** The TLS of {@code plan}, or null for plaintext. */
    static BenchTls of(BenchPlan plan) throws SSLException {
        if (!plan.mode().tls()) {
            return null;
        }
        List<X509Certificate> anchors = plan.tlsCa().map(TrustAnchors::fromPem).orElseGet(TrustAnchors::jdkDefault);
        SslContext context = SslContextBuilder.forClient()
                .sslProvider(TlsProviders.best())
                .protocols(TlsProviders.PROTOCOLS)
                .trustManager(anchors.toArray(new X509Certificate[0]))
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
        if (!plan.tlsResume() && context.sessionContext() instanceof OpenSslSessionContext sessions) {
            sessions.setSessionCacheEnabled(false);
        }
        return new BenchTls(context, plan);
    }

    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc, plan.tlsName(), plan.target().port());
        handler.setHandshakeTimeoutMillis(plan.replyTimeout().toMillis());
        return handler;
    }

    /** {@code AUTH PLAIN <base64(\0user\0password)>} CRLF, made once per run. */
    static ByteBuf authPlainLine(BenchPlan.Credentials credentials) {
        String token = Base64.getEncoder().encodeToString(("\0" + credentials.user() + "\0" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(("AUTH PLAIN " + token + "\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
    }
}
