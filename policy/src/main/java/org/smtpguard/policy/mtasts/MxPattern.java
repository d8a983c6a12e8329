package org.smtpguard.policy.mtasts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code mx:} line of an MTA-STS policy: a host name, or {@code *.} and a domain, where the
 * wildcard stands for exactly one whole left-most label (RFC 8461 §4.1): {@code *.example.com}
 * matches {@code mail.example.com}, not {@code example.com} nor {@code a.b.example.com}.
 */
public record MxPattern(String pattern) {

    private static final String LABEL = "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?";
    private static final Pattern DOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final String WILDCARD = "*.";

    public MxPattern {
        if (pattern == null || pattern.length() > 255) {
            throw new IllegalArgumentException("an mx pattern is a host name of at most 255 characters");
        }
        pattern = trimDot(pattern.toLowerCase(Locale.ROOT));
        String domain = pattern.startsWith(WILDCARD) ? pattern.substring(WILDCARD.length()) : pattern;
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("an mx pattern is a host name, optionally after \"*.\"");
        }
    }

    public boolean isWildcard() {
        return pattern.startsWith(WILDCARD);
    }

    /** Whether an MX host name (any case, with or without the root dot) is allowed by this pattern. */
    public boolean matches(String mxHost) {
        String host = trimDot(mxHost.toLowerCase(Locale.ROOT));
        if (!isWildcard()) {
            return host.equals(pattern);
        }
        String parent = pattern.substring(1); // ".example.com"
        if (!host.endsWith(parent)) {
            return false;
        }
        String firstLabel = host.substring(0, host.length() - parent.length());
        return !firstLabel.isEmpty() && firstLabel.indexOf('.') < 0;
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
