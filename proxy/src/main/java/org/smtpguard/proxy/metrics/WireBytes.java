package org.smtpguard.proxy.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.smtpguard.proxy.metrics.MetricLabels.Direction;
import org.smtpguard.proxy.metrics.MetricLabels.Leg;

/**
 * Counts the bytes a channel receives and sends, as on the wire: put first in a pipeline, before any
 * TLS handler. Passes everything on unchanged. One instance serves every channel of a leg.
 */
@ChannelHandler.Sharable
public final class WireBytes extends ChannelDuplexHandler {

    private final ProxyMetrics metrics;
    private final Leg leg;

    public WireBytes(ProxyMetrics metrics, Leg leg) {
        this.metrics = metrics;
        this.leg = leg;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            metrics.bytes(leg, Direction.RECEIVED, buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            metrics.bytes(leg, Direction.SENT, buf.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
