package org.smtpguard.proxy.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.smtpguard.policy.smtp.Reply;

/**
 * Verified upstream connections kept for the next client session ({@code upstream.reuse_connections}),
 * like Postfix's SMTP connection cache: a session that ended with QUIT, between transactions and
 * without AUTH, hands its upstream back. If the session left a transaction open upstream (a MAIL
 * not ended by data or RSET), it is reset with {@code RSET} and kept only if that is answered 250;
 * otherwise it is kept as it is (after the reply to the end of data the upstream is ready for the
 * next MAIL, RFC 5321 4.1.1.4), which spares a round trip per session and lets a client that
 * reconnects at once find it kept. While idle, anything the upstream says (a 421 before it times
 * out) or its close drops it; after {@code idleTime} it is closed with QUIT. A connection is kept
 * and taken on its own event loop only (the loop of the sessions that use it), so there is no lock
 * between the two legs. A reused connection keeps the TLS session and the certificate verified when
 * it was opened.
 */
public final class IdleUpstreams {

    private static final String HANDLER = "idle";
    private static final byte[] RSET = "RSET\r\n".getBytes(StandardCharsets.US_ASCII);

    private final int perLoop;
    private final Duration idleTime;
    private final Duration replyTimeout;
    private final Map<EventLoop, ArrayDeque<VerifiedUpstream>> idle = new ConcurrentHashMap<>();

    /**
     * @param perLoop      idle connections kept per event loop; 0 keeps none
     * @param idleTime     how long one is kept unused
     * @param replyTimeout how long the reply to RSET may take
     */
    public IdleUpstreams(int perLoop, Duration idleTime, Duration replyTimeout) {
        this.perLoop = perLoop;
        this.idleTime = idleTime;
        this.replyTimeout = replyTimeout;
    }

    public boolean enabled() {
        return perLoop > 0;
    }

    /** An idle connection on {@code loop}, taken out of the pool, or null; call on {@code loop}. */
    public VerifiedUpstream take(EventLoop loop) {
        ArrayDeque<VerifiedUpstream> kept = idle.get(loop);
        while (kept != null && !kept.isEmpty()) {
            VerifiedUpstream upstream = kept.pollLast();
            Idle handler = (Idle) upstream.channel().pipeline().get(HANDLER);
            if (handler != null && upstream.channel().isActive()) {
                handler.stop();
                upstream.channel().pipeline().remove(HANDLER);
                return upstream;
            }
        }
        return null;
    }

    /**
     * Keeps {@code upstream} (its last handler removed by the caller, nothing in flight), after a
     * {@code RSET} answered 250 when {@code resetFirst}; closes it if that fails. Call on its event loop.
     */
    public void offer(VerifiedUpstream upstream, boolean resetFirst) {
        Channel channel = upstream.channel();
        if (!enabled() || !channel.isActive()) {
            channel.close();
            return;
        }
        Idle handler = new Idle(upstream);
        channel.pipeline().addLast(HANDLER, handler);
        if (resetFirst) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(RSET));
            handler.expire(replyTimeout);
        } else {
            handler.ready();
        }
    }

    /** Keeps a clean connection, or says goodbye to it when the pool of its loop is full. */
    private boolean keep(VerifiedUpstream upstream) {
        ArrayDeque<VerifiedUpstream> kept = idle.computeIfAbsent(upstream.channel().eventLoop(), l -> new ArrayDeque<>());
        if (kept.size() >= perLoop) {
            upstream.quitAndClose();
            return false;
        }
        kept.addLast(upstream);
        return true;
    }

    private void drop(VerifiedUpstream upstream) {
        ArrayDeque<VerifiedUpstream> kept = idle.get(upstream.channel().eventLoop());
        if (kept != null) {
            kept.remove(upstream);
        }
    }

    /** The handler of an idle connection: the RSET's 250 keeps it; anything else, or time, ends it. */
    private final class Idle extends ChannelInboundHandlerAdapter {

        private final VerifiedUpstream upstream;
        private boolean clean;
        private ScheduledFuture<?> timer;

        Idle(VerifiedUpstream upstream) {
            this.upstream = upstream;
        }

        void expire(Duration after) {
            timer = upstream.channel().eventLoop().schedule(this::expired, after.toMillis(), TimeUnit.MILLISECONDS);
        }

        void stop() {
            if (timer != null) {
                timer.cancel(false);
            }
        }

        private void expired() {
            drop(upstream);
            if (clean) {
                upstream.quitAndClose();
            } else {
                upstream.channel().close(); // no reply to RSET in time
            }
        }

        /** Clean: kept, and closed with QUIT when unused for the idle time. */
        void ready() {
            clean = true;
            if (keep(upstream)) {
                expire(idleTime);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean ok = !clean && msg instanceof Reply reply && reply.code() == 250;
            ReferenceCountUtil.release(msg);
            stop();
            if (ok) {
                ready();
            } else {
                drop(upstream);
                ctx.close(); // an unasked reply (e.g. 421 timeout) or a refused RSET
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stop();
            drop(upstream);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stop();
            drop(upstream);
            ctx.close();
        }
    }
}
