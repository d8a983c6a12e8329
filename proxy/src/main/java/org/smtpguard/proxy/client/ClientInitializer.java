package org.smtpguard.proxy.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import org.smtpguard.proxy.codec.SmtpCommandDecoder;
import org.smtpguard.proxy.session.ClientLeg;

/** The pipeline of a new client connection: byte counter → [TLS for implicit listeners] → command decoder → session. */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {

    static final String TLS_NAME = "client-tls";

    private final ProxyContext proxy;
    private final ClientLeg.ClientTls listenerTls;

    ClientInitializer(ProxyContext proxy, ClientLeg.ClientTls listenerTls) {
        this.proxy = proxy;
        this.listenerTls = listenerTls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        proxy.connections().add(ch);
        ch.pipeline().addLast("wire-bytes", proxy.clientWireBytes());
        if (listenerTls == ClientLeg.ClientTls.IMPLICIT) {
            ch.pipeline().addLast(TLS_NAME, proxy.clientTls().newImplicitHandler(ch.alloc()));
        }
        SmtpCommandDecoder decoder = new SmtpCommandDecoder(
                proxy.config().limits().commandLine(), proxy.config().limits().authLine());
        ch.pipeline().addLast("commands", decoder);
        ch.pipeline().addLast("session", new SessionHandler(proxy, listenerTls, decoder));
    }
}
