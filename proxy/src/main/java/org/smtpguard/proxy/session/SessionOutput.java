package org.smtpguard.proxy.session;

import java.util.ArrayList;
import java.util.List;
import org.smtpguard.policy.smtp.Reply;

/**
 * The actions a session hands out, with the {@link InFlightQueue} that keeps replies in command order:
 * an entry's step runs when its reply reaches the head of the queue, and upstream commands are written
 * as soon as the queue lets them go.
 */
final class SessionOutput {

    private InFlightQueue queue;
    private List<SessionAction> actions = new ArrayList<>();

    /** The upstream is ready: from now on commands can be queued. */
    void start(boolean upstreamPipelining) {
        queue = new InFlightQueue(upstreamPipelining);
    }

    void add(SessionAction action) {
        actions.add(action);
    }

    void toClient(Reply reply) {
        actions.add(new SessionAction.ToClient(reply));
    }

    /** A reply made by smtpguard, sent in its turn. */
    void local(Reply reply, InFlightQueue.Step step) {
        queue.addLocal(reply, step);
        runCompleted();
    }

    /** Bytes for the upstream; {@code step} runs with the upstream's reply, in its turn. */
    void upstream(byte[] bytes, boolean endOfData, InFlightQueue.Step step) {
        queue.addUpstream(bytes, endOfData, step);
        pump();
    }

    /** Takes an upstream reply; false if no command was waiting for one. */
    boolean upstreamReply(Reply reply) {
        if (queue == null || queue.acceptUpstreamReply(reply).isEmpty()) {
            return false;
        }
        runCompleted();
        pump();
        return true;
    }

    /** Runs the steps of the entries at the head whose replies are known. */
    void runCompleted() {
        if (queue == null) {
            return;
        }
        for (var entry = queue.pollCompleted(); entry.isPresent(); entry = queue.pollCompleted()) {
            entry.get().step.complete(entry.get().reply);
        }
    }

    private void pump() {
        for (InFlightQueue.Entry e : queue.takeSendable()) {
            actions.add(new SessionAction.ToUpstream(e.upstreamBytes, e.endOfData));
        }
    }

    /** Entries added from now on wait for an upstream that is being connected (mx mode). */
    void holdNewEntries() {
        queue.holdNewEntries();
    }

    /** The held entries' upstream is ready: send them. */
    void releaseHeld(boolean upstreamPipelining) {
        queue.releaseHeld(upstreamPipelining);
        pump();
    }

    /** The held entries' upstream cannot be had: each gets {@code reply}, in its turn. */
    void failHeld(Reply reply) {
        queue.failHeld(reply);
        runCompleted();
    }

    /** Whether an entry for the previous upstream (before the held ones) still waits for its reply. */
    boolean awaitingBeforeHeld() {
        return queue != null && queue.awaitingBeforeHeld();
    }

    /** Forgets every queued command (the session is ending). */
    void clear() {
        if (queue != null) {
            queue.clear();
        }
    }

    int inFlight() {
        return queue == null ? 0 : queue.size();
    }

    boolean awaitingUpstream() {
        return queue != null && queue.awaitingUpstream();
    }

    /** The actions so far, in order; the list starts empty again. */
    List<SessionAction> drain() {
        List<SessionAction> drained = actions;
        actions = new ArrayList<>();
        return drained;
    }
}
