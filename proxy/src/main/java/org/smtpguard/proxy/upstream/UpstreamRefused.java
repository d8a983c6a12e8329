package org.smtpguard.proxy.upstream;

import org.smtpguard.policy.decision.RefusalReason;

/**
 * The upstream leg could not be verified: why (a closed set of reasons) and what was seen, for the
 * operator's log line. The client only ever sees {@link RefusalReason#reply()}.
 */
public final class UpstreamRefused extends Exception {

    private final RefusalReason reason;

    public UpstreamRefused(RefusalReason reason, String seen) {
        super(seen, null, false, false);
        this.reason = reason;
    }

    public UpstreamRefused(RefusalReason reason, String seen, Throwable cause) {
        super(seen, cause, false, false);
        this.reason = reason;
    }

    public RefusalReason reason() {
        return reason;
    }

    /** What was seen: one line, already escaped and cut (see LogText), so it is logged as it is. */
    public String seen() {
        return getMessage();
    }
}
