package org.smtpguard.proxy.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.security.cert.X509Certificate;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.proxy.session.UpstreamTls;

/**
 * An upstream connection that is TLS-protected with a verified certificate and has answered EHLO
 * after TLS. Only {@link UpstreamConnector} makes one: code that talks to an upstream takes this
 * type, so the guarantee is carried by the type, not by a flag.
 */
public final class VerifiedUpstream {

    private static final byte[] QUIT = "QUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Channel channel;
    private final UpstreamTarget target;
    private final Capabilities capabilities;
    private final String tlsProtocol;
    private final String tlsCipher;
    private final X509Certificate peerCertificate;
    private final boolean resumed;

    VerifiedUpstream(Channel channel, UpstreamTarget target, Capabilities capabilities, String tlsProtocol,
                     String tlsCipher, X509Certificate peerCertificate, boolean resumed) {
        this.channel = channel;
        this.target = target;
        this.capabilities = capabilities;
        this.tlsProtocol = tlsProtocol;
        this.tlsCipher = tlsCipher;
        this.peerCertificate = peerCertificate;
        this.resumed = resumed;
    }

    /** The connection; its pipeline ends with the reply decoder once the handshake handler is gone. */
    public Channel channel() {
        return channel;
    }

    public UpstreamTarget target() {
        return target;
    }

    /** What the upstream offered in its EHLO reply after TLS (RFC 3207 §4.2: nothing from before). */
    public Capabilities capabilities() {
        return capabilities;
    }

    public String tlsProtocol() {
        return tlsProtocol;
    }

    public String tlsCipher() {
        return tlsCipher;
    }

    public X509Certificate peerCertificate() {
        return peerCertificate;
    }

    /**
     * Whether the TLS session was resumed: its chain and name were verified when the session was
     * first established, with this host, port and name (see {@link UpstreamTlsContext}).
     */
    public boolean resumed() {
        return resumed;
    }

    /** Says goodbye (QUIT) and closes the connection once that is written; just closes it when it is gone. */
    public void quitAndClose() {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(QUIT)).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    /** What the session's log, metrics and TLS-RPT counts hear of this connection's TLS. */
    public UpstreamTls tls() {
        PlannedTls planned = target.planned();
        return new UpstreamTls(tlsProtocol, tlsCipher, java.util.Optional.ofNullable(peerCertificate), resumed,
                planned.plan().applied(), planned.plan().why(),
                planned.tlsa().stream().map(Object::toString).toList());
    }

    /** e.g. {@code TLSv1.3/TLS_AES_256_GCM_SHA384} for logs. */
    public String tlsSummary() {
        return tlsProtocol + "/" + tlsCipher;
    }
}
