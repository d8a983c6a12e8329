package org.smtpguard.policy.command;

import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.smtp.Command;

/** Decides about one client command before it reaches the upstream. Pure: no I/O, no state. */
@FunctionalInterface
public interface CommandFilter {

    /** {@link Decision#FORWARD} when this filter has no objection. */
    Decision decide(Command command, SessionView session);
}
