package org.smtpguard.policy.command;

import org.smtpguard.policy.decision.Decision;

/** A decision as one line a test table can hold: what the client sees and what happens next. */
final class DecisionText {

    private DecisionText() {
    }

    static String of(Decision decision) {
        if (decision instanceof Decision.Respond r) {
            return "respond " + r.reply().toWireString().strip();
        }
        if (decision instanceof Decision.Refuse r) {
            return "refuse " + r.reason().label() + (r.close() ? " close " : " ")
                    + r.reply().toWireString().strip();
        }
        return "forward";
    }
}
