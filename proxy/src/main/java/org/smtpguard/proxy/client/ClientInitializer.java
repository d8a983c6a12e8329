package org.smtpguard.proxy.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import org.smtpguard.proxy.codec.SmtpCommandDecoder;
import org.smtpguard.proxy.config.ProxyProtocolConfig;
import org.smtpguard.proxy.session.ClientLeg;

/**
 * The pipeline of a new client connection: byte counter → [PROXY protocol header, on such listeners]
 * → [TLS for implicit listeners] → connection limits → command decoder → session.
 */
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
        ProxyProtocolConfig proxyProtocol = proxy.config().client().proxyProtocol();
        boolean expectHeader = listenerTls == ClientLeg.ClientTls.IMPLICIT
                ? proxyProtocol.onListenTls() : proxyProtocol.onListen();
        if (expectHeader) {
            ch.pipeline().addLast(ProxyProtocolHandler.DECODER_NAME, new HAProxyMessageDecoder());
            ch.pipeline().addLast("proxy-protocol",
                    new ProxyProtocolHandler(proxyProtocol.headerTimeout(), this::addSmtpHandlers));
        } else {
            addSmtpHandlers(ch);
        }
    }

    private void addSmtpHandlers(Channel ch) {
        if (listenerTls == ClientLeg.ClientTls.IMPLICIT) {
            ch.pipeline().addLast(TLS_NAME, proxy.clientTls().newImplicitHandler(ch.alloc()));
        }
        ch.pipeline().addLast("connection-limits", new ConnectionLimiter(proxy.connectionCaps(), proxy.metrics()));
        SmtpCommandDecoder decoder = new SmtpCommandDecoder(
                proxy.config().limits().commandLine(), proxy.config().limits().authLine());
        ch.pipeline().addLast("commands", decoder);
        ch.pipeline().addLast("session", new SessionHandler(proxy, listenerTls, decoder));
    }
}
