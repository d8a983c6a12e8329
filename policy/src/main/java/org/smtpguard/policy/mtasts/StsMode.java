package org.smtpguard.policy.mtasts;

import java.util.Locale;
import java.util.Optional;

/** The {@code mode} of an MTA-STS policy (RFC 8461 §5). */
public enum StsMode {
    /** Deliver only to MX hosts the policy lists, over TLS with a valid certificate. */
    ENFORCE,
    /** Report what enforce would refuse, and deliver anyway. */
    TESTING,
    /** The domain has withdrawn its policy: behave as if there were none. */
    NONE;

    /** The word in the policy file and in logs: {@code enforce}, {@code testing}, {@code none}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode spelt exactly as in a policy file (the words are case-sensitive). */
    public static Optional<StsMode> fromPolicyValue(String value) {
        for (StsMode mode : values()) {
            if (mode.label().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
