package org.smtpguard.proxy.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.smtpguard.policy.decision.RefusalReason;

/**
 * Whether a verified upstream connection can be had now: opens one exactly as a session would
 * (same connector rules, no shortcut), says QUIT and closes it. The answer is kept for
 * {@code cacheFor}, so that frequent readiness probes cost the upstream one connection per period.
 * Blocks the calling thread (never call it on an event loop).
 */
public final class UpstreamProbe {

    /** The answer of one probe: empty reason when the upstream was verified. */
    public record Result(Optional<RefusalReason> refusal, String detail) {

        public boolean verified() {
            return refusal.isEmpty();
        }
    }

    private static final byte[] QUIT = "QUIT\r\n".getBytes(StandardCharsets.US_ASCII);

    private final UpstreamConnector connector;
    private final UpstreamTarget target;
    private final EventLoopGroup loops;
    private final Duration cacheFor;
    private final Duration waitAtMost;
    private final LongSupplier nanoClock;
    private Result last;
    private long lastAt;

    /**
     * @param waitAtMost how long one probe may take before it counts as a timeout (the connector's own
     *                   deadlines end it anyway)
     */
    public UpstreamProbe(UpstreamConnector connector, UpstreamTarget target, EventLoopGroup loops, Duration cacheFor,
                         Duration waitAtMost, LongSupplier nanoClock) {
        this.connector = connector;
        this.target = target;
        this.loops = loops;
        this.cacheFor = cacheFor;
        this.waitAtMost = waitAtMost;
        this.nanoClock = nanoClock;
    }

    /** The cached answer if it is recent enough, else a new probe's. */
    public synchronized Result check() {
        long now = nanoClock.getAsLong();
        if (last == null || now - lastAt >= cacheFor.toNanos()) {
            last = probe();
            lastAt = nanoClock.getAsLong();
        }
        return last;
    }

    private Result probe() {
        Future<VerifiedUpstream> connecting = connector.connect(target, loops.next());
        boolean done;
        try {
            done = connecting.await(waitAtMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connecting.cancel(false);
            return new Result(Optional.of(RefusalReason.TIMEOUT), "interrupted");
        }
        if (!done) {
            connecting.cancel(false);
            return new Result(Optional.of(RefusalReason.TIMEOUT), "no verified connection within " + waitAtMost.toSeconds() + "s");
        }
        if (connecting.isSuccess()) {
            VerifiedUpstream upstream = connecting.getNow();
            upstream.channel().writeAndFlush(Unpooled.wrappedBuffer(QUIT)).addListener(ChannelFutureListener.CLOSE);
            return new Result(Optional.empty(), upstream.tlsSummary());
        }
        if (connecting.cause() instanceof UpstreamRefused refused) {
            return new Result(Optional.of(refused.reason()), refused.seen());
        }
        return new Result(Optional.of(RefusalReason.CONNECT_FAILED), "connection failed");
    }
}
