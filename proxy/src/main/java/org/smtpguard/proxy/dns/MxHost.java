package org.smtpguard.proxy.dns;

import java.util.Objects;

/**
 * One MX record: its preference and exchange host (lower-case, without the trailing dot).
 * A "null MX" (RFC 7505: preference 0, host ".") has the host {@code ""}: see {@link #isNullMx()}.
 */
public record MxHost(int preference, String host) implements Comparable<MxHost> {

    public MxHost {
        Objects.requireNonNull(host, "host");
        if (preference < 0 || preference > 0xFFFF) {
            throw new IllegalArgumentException("MX preference out of range 0-65535: " + preference);
        }
    }

    /** True for the RFC 7505 null MX: the domain accepts no mail. */
    public boolean isNullMx() {
        return host.isEmpty();
    }

    @Override
    public int compareTo(MxHost other) {
        return Integer.compare(preference, other.preference);
    }
}
