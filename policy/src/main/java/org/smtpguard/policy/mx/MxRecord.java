package org.smtpguard.policy.mx;

import java.util.Locale;
import java.util.Objects;

/**
 * One MX record: its preference and the exchange host, lower-case, without the trailing dot; the
 * null MX of RFC 7505 is the host {@code "."} ({@link #isNull()}).
 */
public record MxRecord(int preference, String host) {

    public MxRecord {
        Objects.requireNonNull(host, "host");
        if (preference < 0 || preference > 65535) {
            throw new IllegalArgumentException("MX preference out of range: " + preference);
        }
        String h = host.toLowerCase(Locale.ROOT);
        host = h.length() > 1 && h.endsWith(".") ? h.substring(0, h.length() - 1) : h.isEmpty() ? "." : h;
    }

    /** The RFC 7505 null MX: the domain accepts no mail. */
    public boolean isNull() {
        return host.equals(".");
    }
}
