package org.smtpguard.policy.mx;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;

/**
 * The domain a RCPT TO goes to, for routing by MX: {@code RCPT TO:<local@Example.ORG> NOTIFY=…}
 * → {@code example.org}. A source route ({@code <@a,@b:user@domain>}) is ignored (RFC 5321 §4.1.1.3);
 * an internationalised domain becomes its A-label. What cannot be routed is refused with a reply.
 */
public final class RecipientDomain {

    /** A path without a domain (e.g. {@code <postmaster>}), or not a path at all. */
    public static final Reply NO_DOMAIN = Reply.of(553, new EnhancedStatus(5, 1, 3),
            "recipient address needs a domain to be routed");
    /** {@code user@[192.0.2.1]}: smtpguard routes by MX only. */
    public static final Reply ADDRESS_LITERAL = Reply.of(553, new EnhancedStatus(5, 1, 2),
            "address literals are not routed; use a domain");
    /** A domain that is not a valid host name. */
    public static final Reply BAD_DOMAIN = Reply.of(553, new EnhancedStatus(5, 1, 2),
            "recipient domain is not a valid domain name");

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** A parsed recipient: its domain, or the reply that refuses it. */
    public sealed interface Result {
        record Domain(String name) implements Result {
        }

        record Refused(Reply reply) implements Result {
        }
    }

    private RecipientDomain() {
    }

    /** Parses the argument of RCPT ({@code "TO:<a@b> params"}). */
    public static Result of(String rcptArgument) {
        String arg = rcptArgument.strip();
        if (arg.length() < 3 || !arg.regionMatches(true, 0, "TO:", 0, 3)) {
            return new Result.Refused(NO_DOMAIN);
        }
        String rest = arg.substring(3).stripLeading();
        if (!rest.startsWith("<")) {
            return new Result.Refused(NO_DOMAIN);
        }
        int close = closingBracket(rest);
        if (close < 0) {
            return new Result.Refused(NO_DOMAIN);
        }
        String path = rest.substring(1, close);
        if (path.startsWith("@")) { // source route: everything up to the colon goes
            int colon = path.indexOf(':');
            path = colon < 0 ? "" : path.substring(colon + 1);
        }
        int at = path.lastIndexOf('@');
        if (at < 0 || at == path.length() - 1) {
            return new Result.Refused(NO_DOMAIN);
        }
        String domain = path.substring(at + 1);
        if (domain.startsWith("[")) {
            return new Result.Refused(ADDRESS_LITERAL);
        }
        return normalised(domain);
    }

    /** The index of the {@code >} closing the path, skipping quoted local parts; -1 if none. */
    private static int closingBracket(String s) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static Result normalised(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        String ascii;
        try {
            ascii = IDN.toASCII(new String(d.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                    java.nio.charset.StandardCharsets.UTF_8), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return new Result.Refused(BAD_DOMAIN);
        }
        if (ascii.isEmpty() || ascii.length() > 253 || !ascii.contains(".")) {
            return new Result.Refused(BAD_DOMAIN);
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return new Result.Refused(BAD_DOMAIN);
            }
        }
        return new Result.Domain(ascii);
    }
}
