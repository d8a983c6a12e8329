package org.smtpguard.proxy.session;

import org.smtpguard.policy.smtp.AuthExchange;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.Reply;

/**
 * The AUTH exchange in progress, seen only to report it: the lines go to the upstream unchanged, the
 * {@link AuthExchange} keeps the user name and never a secret, and the listener hears start and end.
 */
final class AuthRelay {

    private final SessionListener listener;
    private AuthExchange exchange;

    AuthRelay(SessionListener listener) {
        this.listener = listener;
    }

    void start(Command auth) {
        exchange = AuthExchange.start(auth);
        listener.authStarted();
    }

    void clientLine(Command line) {
        if (exchange != null) {
            exchange.onClientLine(line.line());
        }
    }

    /**
     * The upstream's reply; true while the exchange goes on (334, a challenge). A reply after the
     * exchange has ended (the reply to a cancelling "*" that crossed the upstream's final reply,
     * found by ClientSessionFuzzTest) continues nothing and is not a second audit line.
     */
    boolean upstreamReply(Reply reply) {
        if (exchange == null) {
            return false;
        }
        exchange.onUpstreamReply(reply);
        if (reply.code() == 334) {
            return true;
        }
        listener.authFinished(exchange, reply);
        exchange = null;
        return false;
    }
}
