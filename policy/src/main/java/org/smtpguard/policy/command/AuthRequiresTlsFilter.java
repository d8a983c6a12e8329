package org.smtpguard.policy.command;

import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;

/**
 * AUTH only over an encrypted client leg (or from a trusted network), so that credentials never
 * cross the network in plaintext; and only once per session (RFC 4954 §4).
 */
public final class AuthRequiresTlsFilter implements CommandFilter {

    static final Reply ENCRYPTION_REQUIRED = Reply.of(538, EnhancedStatus.ENCRYPTION_REQUIRED,
            "Encryption required for requested authentication mechanism: use STARTTLS first");
    static final Reply ALREADY_AUTHENTICATED = Reply.of(503, EnhancedStatus.INVALID_COMMAND,
            "Already authenticated");

    @Override
    public Decision decide(Command command, SessionView session) {
        if (command.verb() != Verb.AUTH) {
            return Decision.FORWARD;
        }
        if (!session.clientTls() && !session.trustedNetwork()) {
            return Decision.Refuse.of(RefusalReason.AUTH_REQUIRES_TLS, ENCRYPTION_REQUIRED);
        }
        if (session.authenticated()) {
            return new Decision.Respond(ALREADY_AUTHENTICATED);
        }
        return Decision.FORWARD;
    }
}
