package org.smtpguard.proxy.session;

import java.util.ArrayDeque;
import java.util.Optional;
import org.smtpguard.policy.smtp.Reply;

/**
 * Client commands waiting for their replies, in the order the client sent them. Replies go back to
 * the client strictly in that order, whether they come from the upstream or are made locally.
 * Commands for the upstream are written at once when it offers PIPELINING, else one at a time.
 */
final class InFlightQueue {

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private boolean upstreamPipelining;
    private int awaitingUpstream;
    private long nextSequence;
    /** Entries from this sequence number on are not sent (their upstream is not there yet); MAX: none held. */
    private long heldFrom = Long.MAX_VALUE;

    InFlightQueue(boolean upstreamPipelining) {
        this.upstreamPipelining = upstreamPipelining;
    }

    /** One client command (or a step smtpguard adds) and, once known, its reply. */
    static final class Entry {
        final Step step;
        final long sequence;
        final byte[] upstreamBytes;
        final boolean endOfData;
        Reply reply;
        boolean sent;

        private Entry(Step step, long sequence, byte[] upstreamBytes, boolean endOfData, Reply reply) {
            this.step = step;
            this.sequence = sequence;
            this.upstreamBytes = upstreamBytes;
            this.endOfData = endOfData;
            this.reply = reply;
        }

        boolean needsUpstream() {
            return upstreamBytes != null;
        }
    }

    /** What the session does when an entry's reply reaches the head of the queue. */
    interface Step {
        void complete(Reply reply);
    }

    void addLocal(Reply reply, Step step) {
        entries.addLast(new Entry(step, nextSequence++, null, false, reply));
    }

    void addUpstream(byte[] bytes, boolean endOfData, Step step) {
        entries.addLast(new Entry(step, nextSequence++, bytes, endOfData, null));
    }

    int size() {
        return entries.size();
    }

    boolean awaitingUpstream() {
        return awaitingUpstream > 0;
    }

    /**
     * The entries that may be written to the upstream now, marked as sent: every unsent one when the
     * upstream offers PIPELINING, else the first unsent one once nothing is awaiting a reply.
     */
    Iterable<Entry> takeSendable() {
        java.util.List<Entry> out = new java.util.ArrayList<>(2);
        for (Entry e : entries) {
            if (e.sequence >= heldFrom) {
                break;
            }
            if (!e.needsUpstream() || e.sent) {
                continue;
            }
            if (!upstreamPipelining && awaitingUpstream > 0) {
                break;
            }
            e.sent = true;
            awaitingUpstream++;
            out.add(e);
            if (!upstreamPipelining) {
                break;
            }
        }
        return out;
    }

    /**
     * From now on, entries added are held back: they are for an upstream that is not connected yet
     * (mx mode). Entries already queued are sent as before.
     */
    void holdNewEntries() {
        if (heldFrom == Long.MAX_VALUE) {
            heldFrom = nextSequence;
        }
    }

    /** The upstream of the held entries is ready: they may go, with or without pipelining. */
    void releaseHeld(boolean pipelining) {
        heldFrom = Long.MAX_VALUE;
        upstreamPipelining = pipelining;
    }

    /** The upstream of the held entries cannot be had: each gets {@code reply} instead, none is sent. */
    void failHeld(Reply reply) {
        for (Entry e : entries) {
            if (e.sequence >= heldFrom && e.needsUpstream() && !e.sent) {
                e.reply = reply;
            }
        }
        heldFrom = Long.MAX_VALUE;
    }

    /** Whether an entry queued before the held ones still waits for its upstream reply. */
    boolean awaitingBeforeHeld() {
        for (Entry e : entries) {
            if (e.sequence >= heldFrom) {
                return false;
            }
            if (e.needsUpstream() && e.reply == null) {
                return true;
            }
        }
        return false;
    }

    /** Records an upstream reply for the oldest entry awaiting one; empty if none was awaiting. */
    Optional<Entry> acceptUpstreamReply(Reply reply) {
        for (Entry e : entries) {
            if (e.needsUpstream() && e.sent && e.reply == null) {
                e.reply = reply;
                awaitingUpstream--;
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Removes and returns the head entry if its reply is known. */
    Optional<Entry> pollCompleted() {
        Entry head = entries.peekFirst();
        if (head == null || head.reply == null) {
            return Optional.empty();
        }
        entries.pollFirst();
        return Optional.of(head);
    }

    /** Forgets every entry (the session is ending). */
    void clear() {
        entries.clear();
        awaitingUpstream = 0;
    }
}
