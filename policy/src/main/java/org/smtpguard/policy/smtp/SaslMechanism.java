package org.smtpguard.policy.smtp;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SASL mechanism names (RFC 4422 §3.1: 1 to 20 of {@code A-Z 0-9 - _}). A word that is not one is
 * never shown, not even cut: a client that forgot the mechanism may have sent its credentials there.
 */
final class SaslMechanism {

    /** Shown instead of a word that is not a mechanism name. */
    static final String INVALID = "INVALID";

    private static final Pattern NAME = Pattern.compile("[A-Z0-9_-]{1,20}");

    private SaslMechanism() {
    }

    /** The upper-case mechanism name, when {@code word} is one. */
    static Optional<String> name(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        return NAME.matcher(upper).matches() ? Optional.of(upper) : Optional.empty();
    }

    /** The upper-case mechanism name, or {@link #INVALID}. */
    static String nameOrInvalid(String word) {
        return name(word).orElse(INVALID);
    }
}
