package org.smtpguard.proxy.session;

import org.smtpguard.policy.abuse.HarvestCounter;
import org.smtpguard.policy.smtp.Reply;

/**
 * Abuse protection as one session sees it, for its client address: the message rate and the
 * directory-harvest count, both kept across the sessions of all clients by the proxy.
 */
public interface ClientGuard {

    /** A guard that allows everything. */
    ClientGuard NONE = new ClientGuard() {
        @Override
        public boolean messageAllowed() {
            return true;
        }

        @Override
        public HarvestCounter.Verdict recipientAnswered(Reply reply) {
            return HarvestCounter.PASS;
        }
    };

    /** A MAIL command: false when the client (or its network) is over its message rate. */
    boolean messageAllowed();

    /** A reply to RCPT is about to go to the client: send it now, later, or disconnect instead. */
    HarvestCounter.Verdict recipientAnswered(Reply reply);
}
