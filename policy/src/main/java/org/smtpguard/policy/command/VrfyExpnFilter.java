package org.smtpguard.policy.command;

import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;

/** VRFY and EXPN are never forwarded: they let anyone harvest the upstream's addresses. */
public final class VrfyExpnFilter implements CommandFilter {

    static final Reply REPLY = Reply.of(502, EnhancedStatus.INVALID_COMMAND,
            "VRFY and EXPN are not available (directory harvest protection)");

    @Override
    public Decision decide(Command command, SessionView session) {
        return switch (command.verb()) {
            case VRFY, EXPN -> Decision.Refuse.of(RefusalReason.COMMAND_BLOCKED, REPLY);
            default -> Decision.FORWARD;
        };
    }
}
