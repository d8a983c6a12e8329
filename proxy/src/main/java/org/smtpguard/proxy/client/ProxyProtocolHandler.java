package org.smtpguard.proxy.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.proxy.log.FailureText;

/**
 * The first phase of a connection on a PROXY-protocol listener, after Netty's
 * {@code HAProxyMessageDecoder} (v1 and v2): waits, for a bounded time, for the header, remembers the
 * client address it carries ({@link #clientAddress}), then puts the SMTP pipeline in place, starts
 * it and removes itself. A connection without a valid header in time is closed with one log line
 * and never reaches the upstream. A {@code LOCAL} header (the load balancer's own health check) keeps
 * the connection's own address.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {

    static final String DECODER_NAME = "proxy-protocol-decoder";

    private static final Logger LOG = LoggerFactory.getLogger("smtpguard.session");
    private static final AttributeKey<InetSocketAddress> CLIENT_ADDRESS =
            AttributeKey.valueOf(ProxyProtocolHandler.class, "client-address");

    private final Duration timeout;
    private final Consumer<Channel> smtpPipeline;
    private ScheduledFuture<?> deadline;
    private boolean done;

    /** {@code smtpPipeline} adds the handlers of the SMTP phase at the end of the pipeline. */
    ProxyProtocolHandler(Duration timeout, Consumer<Channel> smtpPipeline) {
        this.timeout = timeout;
        this.smtpPipeline = smtpPipeline;
    }

    /** The client's address: from the PROXY header on such a listener, else the connection's peer. */
    static InetSocketAddress clientAddress(Channel channel) {
        InetSocketAddress proxied = channel.attr(CLIENT_ADDRESS).get();
        return proxied != null ? proxied : (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> refuse(ctx, "no PROXY protocol header within "
                + timeout.toMillis() + "ms"), timeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.read(); // AUTO_READ is off; the session is not there yet to ask
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof HAProxyMessage header)) {
            ReferenceCountUtil.release(msg); // nothing but the header can arrive before it is done
            return;
        }
        InetSocketAddress client;
        try {
            client = addressOf(header, ctx.channel());
        } finally {
            header.release();
        }
        if (client == null) {
            refuse(ctx, "PROXY protocol header for an unsupported protocol");
            return;
        }
        done = true;
        deadline.cancel(false);
        ctx.channel().attr(CLIENT_ADDRESS).set(client);
        LOG.debug("client address from PROXY header client={} proxy={}", client, ctx.channel().remoteAddress());
        smtpPipeline.accept(ctx.channel());
        ctx.fireChannelActive(); // the SMTP handlers start now, with the client address known
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!done && ctx.channel().isActive()) {
            ctx.read(); // the header is not complete yet
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!done && evt instanceof ClientConnections.Notice) {
            refuse(ctx, "smtpguard is shutting down"); // no SMTP yet: nothing to finish
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            ctx.fireExceptionCaught(cause);
        } else {
            refuse(ctx, "invalid PROXY protocol header: " + FailureText.of(cause));
        }
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        LOG.warn("client refused peer={} listener={} reason=proxy_protocol seen=\"{}\"",
                address(ctx.channel().remoteAddress()), address(ctx.channel().localAddress()), why);
        ctx.close();
    }

    private static String address(java.net.SocketAddress address) {
        String text = String.valueOf(address);
        return text.startsWith("/") ? text.substring(1) : text;
    }

    /** The source of a TCP header; the connection's own peer for LOCAL and UNKNOWN; null otherwise. */
    private static InetSocketAddress addressOf(HAProxyMessage header, Channel channel) {
        if (header.command() == HAProxyCommand.LOCAL || header.proxiedProtocol() == HAProxyProxiedProtocol.UNKNOWN) {
            return (InetSocketAddress) channel.remoteAddress();
        }
        if (header.proxiedProtocol() != HAProxyProxiedProtocol.TCP4
                && header.proxiedProtocol() != HAProxyProxiedProtocol.TCP6) {
            return null;
        }
        // an IP literal (the decoder checked it); never a name lookup
        InetAddress source = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
        return source == null ? null : new InetSocketAddress(source, header.sourcePort());
    }
}
