package org.smtpguard.policy.command;

import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;

/**
 * When a client may start TLS with smtpguard: once, where it is offered, outside a mail transaction,
 * and not after AUTH (what was authenticated in plaintext cannot be forgotten on the upstream).
 */
public final class StartTlsFilter implements CommandFilter {

    static final Reply ALREADY_ACTIVE = Reply.of(503, EnhancedStatus.INVALID_COMMAND, "TLS already active");
    static final Reply NOT_AVAILABLE = Reply.of(502, EnhancedStatus.INVALID_COMMAND, "STARTTLS not available");
    static final Reply IN_TRANSACTION = Reply.of(503, EnhancedStatus.INVALID_COMMAND,
            "STARTTLS not allowed during a mail transaction");
    static final Reply AFTER_AUTH = Reply.of(503, EnhancedStatus.INVALID_COMMAND, "STARTTLS not allowed after AUTH");

    @Override
    public Decision decide(Command command, SessionView session) {
        if (command.verb() != Verb.STARTTLS) {
            return Decision.FORWARD;
        }
        if (session.clientTls()) {
            return new Decision.Respond(ALREADY_ACTIVE);
        }
        if (!session.startTlsAvailable()) {
            return new Decision.Respond(NOT_AVAILABLE);
        }
        if (session.inTransaction()) {
            return new Decision.Respond(IN_TRANSACTION);
        }
        if (session.authenticated()) {
            return new Decision.Respond(AFTER_AUTH);
        }
        return Decision.FORWARD;
    }
}
