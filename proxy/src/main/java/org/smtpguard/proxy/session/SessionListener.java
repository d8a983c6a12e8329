package org.smtpguard.proxy.session;

import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.AuthExchange;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;

/**
 * What a session reports as it goes: the audit log and (later) the metrics listen here. A listener
 * observes; it cannot change what is relayed.
 */
public interface SessionListener {

    /** The client sent AUTH; the exchange is relayed to the upstream. */
    default void authStarted() {
    }

    /** An AUTH exchange ended with the upstream's final reply. */
    default void authFinished(AuthExchange exchange, Reply reply) {
    }

    /** A client command was answered locally instead of being relayed (VRFY, EXPN, AUTH without TLS…). */
    default void commandRefused(Verb verb, RefusalReason reason) {
    }

    /** The upstream answered the end of a message. */
    default void messageRelayed(long bytes, Reply reply) {
    }

    /** A bound was reached (message size…). */
    default void limitHit(RefusalReason reason) {
    }

    /** The session ends with this reason's reply to the client. */
    default void sessionRefused(RefusalReason reason) {
    }
}
