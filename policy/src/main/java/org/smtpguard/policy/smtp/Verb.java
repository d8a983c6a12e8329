package org.smtpguard.policy.smtp;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The SMTP command verbs smtpguard knows by name; anything else is {@link #UNKNOWN}. */
public enum Verb {
    HELO, EHLO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT, VRFY, EXPN, HELP, AUTH, STARTTLS,
    ETRN, TURN, ATRN, XCLIENT, XFORWARD,
    /** Any other first word, including an empty line. */
    UNKNOWN;

    private static final Map<String, Verb> BY_NAME = Stream.of(values())
            .filter(v -> v != UNKNOWN)
            .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

    /** The verb for a command's first word, case-insensitively (RFC 5321 §2.4). */
    public static Verb of(String word) {
        Verb verb = BY_NAME.get(word.toUpperCase(Locale.ROOT));
        return verb == null ? UNKNOWN : verb;
    }
}
