package org.smtpguard.proxy.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.codec.SmtpCodecException;
import org.smtpguard.proxy.upstream.VerifiedUpstream;

/** The last handler on a verified upstream's pipeline: hands replies and events to the session. */
final class UpstreamReplyRelay extends ChannelInboundHandlerAdapter {

    private final SessionHandler session;
    private final VerifiedUpstream upstream;

    UpstreamReplyRelay(SessionHandler session, VerifiedUpstream upstream) {
        this.session = session;
        this.upstream = upstream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Reply reply) {
            session.onUpstreamReply(upstream, reply);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.onUpstreamLost(upstream, "connection closed");
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.upstreamWritabilityChanged(upstream);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String why = org.smtpguard.proxy.log.FailureText.of(cause);
        if (cause instanceof SmtpCodecException codec && switch (codec.kind()) {
            case LINE_TOO_LONG, TOO_MANY_LINES, REPLY_TOO_LARGE -> true;
            default -> false;
        }) {
            session.onUpstreamReplyTooLarge(upstream, why);
        } else {
            session.onUpstreamLost(upstream, why);
        }
        ctx.close();
    }
}
