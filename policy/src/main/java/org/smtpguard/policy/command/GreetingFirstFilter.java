package org.smtpguard.policy.command;

import java.util.EnumSet;
import java.util.Set;
import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;

/**
 * A mail transaction or AUTH needs EHLO or HELO first (RFC 5321 §4.1.4), also again after STARTTLS
 * (RFC 3207 §4.2), as Postfix answers it.
 */
public final class GreetingFirstFilter implements CommandFilter {

    static final Reply SEND_EHLO_FIRST = Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Send EHLO or HELO first");

    private static final Set<Verb> NEED_GREETING = EnumSet.of(Verb.MAIL, Verb.RCPT, Verb.DATA, Verb.AUTH);

    @Override
    public Decision decide(Command command, SessionView session) {
        if (!session.greeted() && NEED_GREETING.contains(command.verb())) {
            return new Decision.Respond(SEND_EHLO_FIRST);
        }
        return Decision.FORWARD;
    }
}
