package org.smtpguard.proxy.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XCLIENT phase on a verified upstream, before the client is greeted: sends XCLIENT, waits for
 * the new greeting (220), sends EHLO again and hands on the capabilities of that reply, then removes
 * itself. An upstream that refuses XCLIENT keeps the session it had (its earlier EHLO stands); one
 * that fails after accepting it, goes away or stays silent ends the session.
 */
final class XclientHandler extends ChannelInboundHandlerAdapter {

    /** Where the outcome goes (the session handler, on the same event loop). */
    interface Outcome {
        /** The upstream knows the client now; these are its capabilities after the new EHLO. */
        void xclientAccepted(Capabilities capabilities);

        /** The upstream refused XCLIENT; nothing changed on its side. */
        void xclientRefused(Reply reply);

        /** The session cannot go on. */
        void xclientFailed(RefusalReason reason, String why);
    }

    private static final Logger LOG = LoggerFactory.getLogger("smtpguard.upstream");

    private final byte[] command;
    private final String heloName;
    private final Duration timeout;
    private final Outcome outcome;
    private ScheduledFuture<?> deadline;
    private boolean greeted;
    private boolean done;

    XclientHandler(byte[] command, String heloName, Duration timeout, Outcome outcome) {
        this.command = command;
        this.heloName = heloName;
        this.timeout = timeout;
        this.outcome = outcome;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> finish(ctx, () -> outcome.xclientFailed(RefusalReason.TIMEOUT,
                "no reply to XCLIENT or EHLO")), timeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(command));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof Reply reply)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!greeted) {
            if (reply.code() != 220) {
                LOG.warn("upstream xclient refused upstream={} reply={}; relaying without it",
                        address(ctx), LogText.quoted(reply.summary()));
                finish(ctx, () -> outcome.xclientRefused(reply));
                return;
            }
            greeted = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(("EHLO " + heloName + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        } else if (reply.code() == 250) {
            LOG.info("upstream xclient accepted upstream={} sent=\"{}\"", address(ctx), commandText());
            finish(ctx, () -> outcome.xclientAccepted(Capabilities.fromEhloReply(reply)));
        } else {
            finish(ctx, () -> outcome.xclientFailed(RefusalReason.UPSTREAM_REJECTED,
                    "EHLO after XCLIENT answered " + reply.code()));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(ctx, () -> outcome.xclientFailed(RefusalReason.UPSTREAM_LOST, "connection closed during XCLIENT"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(ctx, () -> outcome.xclientFailed(RefusalReason.UPSTREAM_PROTOCOL_ERROR,
                org.smtpguard.proxy.log.FailureText.of(cause)));
        ctx.close();
    }

    private String commandText() {
        return new String(command, StandardCharsets.US_ASCII).strip();
    }

    private static String address(ChannelHandlerContext ctx) {
        String text = String.valueOf(ctx.channel().remoteAddress());
        return text.startsWith("/") ? text.substring(1) : text;
    }

    /** Ends the phase once: the handler leaves the pipeline, then the outcome runs. */
    private void finish(ChannelHandlerContext ctx, Runnable then) {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (ctx.channel().isActive() && ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
        then.run();
    }
}
