package org.smtpguard.policy.command;

import java.util.Locale;
import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;

/**
 * Refuses the verbs smtpguard cannot relay correctly or must not relay (ETRN, TURN, ATRN, XCLIENT,
 * XFORWARD, BDAT) and every verb it does not know: an allow-list, so nothing new slips through.
 */
public final class UnrelayedVerbFilter implements CommandFilter {

    static final Reply UNRECOGNIZED = Reply.of(502, EnhancedStatus.INVALID_COMMAND, "command not recognized");

    private static final int MAX_WORD = 20;

    @Override
    public Decision decide(Command command, SessionView session) {
        return switch (command.verb()) {
            case ETRN, TURN, ATRN, XCLIENT, XFORWARD, BDAT ->
                    Decision.Refuse.of(RefusalReason.COMMAND_BLOCKED, notAvailable(command.word()));
            case UNKNOWN -> Decision.Refuse.of(RefusalReason.COMMAND_BLOCKED, UNRECOGNIZED);
            default -> Decision.FORWARD;
        };
    }

    private static Reply notAvailable(String word) {
        return Reply.of(502, EnhancedStatus.INVALID_COMMAND, shown(word) + " not available through smtpguard");
    }

    /** The command word as it may appear in a reply: letters, digits and '-' only, at most 20. */
    static String shown(String word) {
        StringBuilder sb = new StringBuilder(MAX_WORD);
        for (int i = 0; i < word.length() && sb.length() < MAX_WORD; i++) {
            char c = word.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
                sb.append(c);
            }
        }
        return sb.length() == 0 ? "command" : sb.toString().toUpperCase(Locale.ROOT);
    }
}
