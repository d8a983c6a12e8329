package org.smtpguard.proxy.client;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The open client connections of a running proxy, so that a shutdown reaches every session: first
 * {@link #shutdown()} (each session ends as soon as it is between transactions), then, when the
 * grace period is over, {@link #closeNow()} (the rest get {@code 421 4.3.2}). The sessions act on
 * their own event loops; this class only hands them the notice.
 */
public final class ClientConnections {

    /** What a session is told; handled by {@link SessionHandler#userEventTriggered}. */
    enum Notice {
        /** Finish the transaction in progress, then end with 421 4.3.2. */
        SHUTDOWN,
        /** End now with 421 4.3.2, without completing a message. */
        CLOSE_NOW
    }

    private final ChannelGroup channels = new DefaultChannelGroup("smtpguard-clients", GlobalEventExecutor.INSTANCE);
    private volatile Notice notice;

    /** A new connection (called while its pipeline is set up, before it is active). */
    void add(Channel channel) {
        channels.add(channel);
        Notice current = notice;
        if (current != null) {
            tell(channel, current); // accepted just before the listeners closed
        }
    }

    /** How many client connections are open. */
    public int size() {
        return channels.size();
    }

    /** Whether {@link #shutdown()} has been called: a readiness check reports not ready. */
    public boolean shuttingDown() {
        return notice != null;
    }

    /** Every session ends with 421 4.3.2 as soon as it is between transactions. */
    public void shutdown() {
        notifyAll(Notice.SHUTDOWN);
    }

    /** Every session ends now with 421 4.3.2; a message not yet accepted by the upstream is not completed. */
    public void closeNow() {
        notifyAll(Notice.CLOSE_NOW);
    }

    /** Waits until every connection is closed or {@code atMost} has passed; true if all are closed. */
    public boolean awaitClosed(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!channels.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            channels.newCloseFuture().await(left, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    private void notifyAll(Notice newNotice) {
        notice = newNotice;
        for (Channel channel : channels) {
            tell(channel, newNotice);
        }
    }

    private static void tell(Channel channel, Notice notice) {
        channel.eventLoop().execute(() -> channel.pipeline().fireUserEventTriggered(notice));
    }
}
