package org.smtpguard.proxy.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.proxy.metrics.ProxyMetrics;

/**
 * Admits a client connection only within the connection limits ({@link ConnectionCaps}). A
 * connection over them never reaches the session (no upstream connection is opened for it): it gets
 * the reason's 421 (after the TLS handshake on an implicit-TLS listener) and is closed, and the
 * limit is counted. An admitted connection is counted until it closes.
 */
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger("session");

    private final ConnectionCaps connections;
    private final ProxyMetrics metrics;
    private InetAddress admitted;

    ConnectionLimiter(ConnectionCaps connections, ProxyMetrics metrics) {
        this.connections = connections;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress client = ProxyProtocolHandler.clientAddress(ctx.channel()); // behind a balancer: the real one
        RefusalReason refused = connections.admit(client.getAddress());
        if (refused == null) {
            admitted = client.getAddress();
            ctx.fireChannelActive();
            return;
        }
        metrics.limitHit(refused);
        LOG.warn("limit hit limit={} client={} open={}", refused.label(), client, connections.open());
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            refuse(ctx, refused);
        } else {
            tls.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    refuse(ctx, refused);
                } else {
                    ctx.close();
                }
            });
            ctx.read(); // AUTO_READ is off: the handshake needs reads
        }
    }

    private static void refuse(ChannelHandlerContext ctx, RefusalReason reason) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reason.reply().toWire())).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (admitted == null) {
            io.netty.util.ReferenceCountUtil.release(msg); // a refused client's bytes are never read as SMTP
            ctx.read();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (admitted != null) {
            connections.release(admitted);
            admitted = null;
        }
        ctx.fireChannelInactive();
    }
}
