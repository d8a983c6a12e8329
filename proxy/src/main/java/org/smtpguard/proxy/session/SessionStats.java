package org.smtpguard.proxy.session;

import java.util.Optional;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Reply;

/** Counts for the one log line at the end of a session. */
public final class SessionStats {

    private int commands;
    private int messagesAccepted;
    private int messagesRefused;
    private long messageBytes;
    private RefusalReason refusal;

    void command() {
        commands++;
    }

    void messageFinished(long bytes, Reply reply) {
        messageBytes += bytes;
        if (reply.isPositive()) {
            messagesAccepted++;
        } else {
            messagesRefused++;
        }
    }

    void refused(RefusalReason reason) {
        if (refusal == null) {
            refusal = reason;
        }
    }

    public int commands() {
        return commands;
    }

    public int messagesAccepted() {
        return messagesAccepted;
    }

    public int messagesRefused() {
        return messagesRefused;
    }

    public long messageBytes() {
        return messageBytes;
    }

    public Optional<RefusalReason> refusal() {
        return Optional.ofNullable(refusal);
    }
}
