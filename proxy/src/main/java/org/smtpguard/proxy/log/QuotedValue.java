package org.smtpguard.proxy.log;

/**
 * A log field value that is outside text (a user name, a certificate subject, a reply): escaped and
 * cut by {@link LogText}, and shown in double quotes in text lines ({@code user="alice"}). In JSON it
 * is the escaped text as a string.
 */
public record QuotedValue(String escaped) {

    /** {@code raw} escaped and cut to {@value LogText#MAX} characters. */
    public static QuotedValue of(String raw) {
        return new QuotedValue(LogText.peer(raw));
    }

    /** Text that is already escaped and cut (e.g. {@code UpstreamRefused.seen()}). */
    public static QuotedValue escaped(String alreadyEscaped) {
        return new QuotedValue(alreadyEscaped);
    }

    @Override
    public String toString() {
        return escaped;
    }
}
