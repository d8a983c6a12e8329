package org.smtpguard.policy.net;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/** The client networks smtpguard trusts (for example to allow AUTH without TLS). Immutable. */
public final class TrustedNetworks {

    private static final TrustedNetworks LOOPBACK_ONLY =
            new TrustedNetworks(List.of(NetworkRange.parse("127.0.0.0/8"), NetworkRange.parse("::1/128")));

    private final List<NetworkRange> ranges;

    public TrustedNetworks(List<NetworkRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Each text as {@link NetworkRange#parse}; the first bad one throws, naming itself. */
    public static TrustedNetworks parse(List<String> texts) {
        return new TrustedNetworks(texts.stream().map(NetworkRange::parse).toList());
    }

    /** 127.0.0.0/8 and ::1/128. */
    public static TrustedNetworks loopbackOnly() {
        return LOOPBACK_ONLY;
    }

    public List<NetworkRange> ranges() {
        return ranges;
    }

    public boolean contains(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedNetworks other && ranges.equals(other.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    /** {@code 127.0.0.0/8, ::1/128}, or {@code (none)}. */
    @Override
    public String toString() {
        return ranges.isEmpty() ? "(none)" : ranges.stream().map(NetworkRange::toString)
                .collect(Collectors.joining(", "));
    }
}
