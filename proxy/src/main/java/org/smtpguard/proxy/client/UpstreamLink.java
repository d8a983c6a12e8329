package org.smtpguard.proxy.client;

import io.netty.buffer.ByteBuf;
import org.smtpguard.proxy.upstream.IdleUpstreams;
import org.smtpguard.proxy.upstream.VerifiedUpstream;

/**
 * The session's current verified upstream: the one smarthost, or in mx mode one MX after another.
 * Events from an upstream that is no longer current (closed on purpose) are ignored by the handler.
 */
final class UpstreamLink {

    private VerifiedUpstream current;
    private boolean written;

    /** Makes {@code verified} current; its replies and events go to {@code handler}. */
    void attach(VerifiedUpstream verified, SessionHandler handler) {
        current = verified;
        written = false;
        verified.channel().pipeline().addLast("session", new UpstreamReplyRelay(handler, verified));
    }

    boolean isCurrent(VerifiedUpstream upstream) {
        return upstream == current;
    }

    boolean present() {
        return current != null;
    }

    /** Writes (not flushed); the buffer is released if there is no upstream. */
    void write(ByteBuf bytes) {
        if (current == null) {
            bytes.release();
            return;
        }
        current.channel().write(bytes);
        written = true;
    }

    void flush() {
        if (written && current != null) {
            written = false;
            current.channel().flush();
        }
    }

    /** False while the current upstream's outbound buffer is full (back-pressure). */
    boolean writable() {
        return current == null || current.channel().isWritable();
    }

    /** Hands the current upstream to {@code idle} to keep (after RSET if {@code resetFirst}); no longer current. */
    void release(IdleUpstreams idle, boolean resetFirst) {
        if (current == null) {
            return;
        }
        VerifiedUpstream released = current;
        current = null;
        written = false;
        released.channel().pipeline().remove(UpstreamReplyRelay.class);
        idle.offer(released, resetFirst);
    }

    /** Closes the current upstream, after QUIT when {@code sendQuit}; it is no longer current. */
    void close(boolean sendQuit) {
        if (current == null) {
            return;
        }
        VerifiedUpstream closing = current;
        current = null;
        written = false;
        if (sendQuit) {
            closing.quitAndClose();
        } else {
            closing.channel().close();
        }
    }
}
