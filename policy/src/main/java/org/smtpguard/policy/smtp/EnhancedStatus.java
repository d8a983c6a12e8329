package org.smtpguard.policy.smtp;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 3463 enhanced status code {@code class.subject.detail}, e.g. {@code 4.7.5}.
 * The named constants are the ones smtpguard itself answers with.
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {

    /** 2.0.0 Other or undefined status (success). */
    public static final EnhancedStatus OK = new EnhancedStatus(2, 0, 0);
    /** 2.0.0 closing. */
    public static final EnhancedStatus CLOSING = OK;
    /** 4.3.0 Other or undefined mail system status. */
    public static final EnhancedStatus SYSTEM_TEMPORARY = new EnhancedStatus(4, 3, 0);
    /** 4.3.2 System not accepting network messages (shutting down). */
    public static final EnhancedStatus SYSTEM_NOT_ACCEPTING = new EnhancedStatus(4, 3, 2);
    /** 4.4.1 No answer from host. */
    public static final EnhancedStatus NO_ANSWER = new EnhancedStatus(4, 4, 1);
    /** 4.4.2 Bad connection. */
    public static final EnhancedStatus BAD_CONNECTION = new EnhancedStatus(4, 4, 2);
    /** 4.4.2 also stands for a timeout of the connection. */
    public static final EnhancedStatus CONNECTION_TIMEOUT = BAD_CONNECTION;
    /** 4.4.3 Directory server failure: DNS did not answer (RFC 3463). */
    public static final EnhancedStatus DIRECTORY_FAILURE = new EnhancedStatus(4, 4, 3);
    /** 4.5.3 Too many recipients / pipelining overflow. */
    public static final EnhancedStatus TOO_MANY = new EnhancedStatus(4, 5, 3);
    /** 4.7.0 Other or undefined security status (temporary). */
    public static final EnhancedStatus SECURITY_TEMPORARY = new EnhancedStatus(4, 7, 0);
    /** 4.7.4 Security features not supported (STARTTLS not offered). */
    public static final EnhancedStatus SECURITY_NOT_SUPPORTED = new EnhancedStatus(4, 7, 4);
    /** 4.7.5 Cryptographic failure (certificate not verified). */
    public static final EnhancedStatus CRYPTOGRAPHIC_FAILURE = new EnhancedStatus(4, 7, 5);
    /** 5.3.4 Message too big for system. */
    public static final EnhancedStatus MESSAGE_TOO_BIG = new EnhancedStatus(5, 3, 4);
    /** 5.5.1 Invalid command. */
    public static final EnhancedStatus INVALID_COMMAND = new EnhancedStatus(5, 5, 1);
    /** 5.5.2 Syntax error. */
    public static final EnhancedStatus SYNTAX_ERROR = new EnhancedStatus(5, 5, 2);
    /** 5.5.4 Invalid command arguments. */
    public static final EnhancedStatus INVALID_ARGUMENTS = new EnhancedStatus(5, 5, 4);
    /** 5.7.0 Other or undefined security status (permanent). */
    public static final EnhancedStatus SECURITY_PERMANENT = new EnhancedStatus(5, 7, 0);
    /** 5.7.11 Encryption required for requested authentication mechanism (RFC 4954 §6 lists 538 with it). */
    public static final EnhancedStatus ENCRYPTION_REQUIRED = new EnhancedStatus(5, 7, 11);

    private static final Pattern LEADING = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?=\\s|$)");

    public EnhancedStatus {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5: " + statusClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("enhanced status parts must be 0..999");
        }
    }

    /** Reads an enhanced status code at the start of a reply text ({@code "5.1.1 no such user"}). */
    public static Optional<EnhancedStatus> atStartOf(String text) {
        Matcher m = LEADING.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new EnhancedStatus(Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
