package org.smtpguard.policy.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A CIDR block such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a /32 or /128.
 * Parsed from address literals only: a host name is refused, never looked up. An IPv4-mapped IPv6
 * address ({@code ::ffff:127.0.0.1}) counts as its IPv4 address, both as a range and when tested.
 */
public final class NetworkRange {

    private static final int MAPPED_PREFIX = 96;

    private final byte[] network;
    private final int prefixLength;

    private NetworkRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Reads {@code address[/prefix]}; throws with a one-line message naming the bad text. */
    public static NetworkRange parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String literal = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = IpLiterals.parse(literal);
        if (address == null) {
            throw invalid(text, "is not an IP address or CIDR range (host names are not accepted)");
        }
        int bits = address.length * 8;
        int prefix = slash < 0 ? bits : IpLiterals.decimal(trimmed.substring(slash + 1), bits);
        if (prefix < 0) {
            throw invalid(text, "has no valid prefix length (0 to " + bits + ")");
        }
        if (isMapped(address) && prefix >= MAPPED_PREFIX) {
            address = Arrays.copyOfRange(address, 12, 16);
            prefix -= MAPPED_PREFIX;
        }
        NetworkRange range = new NetworkRange(masked(address, prefix), prefix);
        if (!Arrays.equals(range.network, address)) {
            throw invalid(text, "has host bits set; did you mean " + range + "?");
        }
        return range;
    }

    private static IllegalArgumentException invalid(String text, String problem) {
        return new IllegalArgumentException("network range \"" + oneLine(text) + "\" " + problem);
    }

    /** The peer-free config text as it may appear in a one-line message: no control chars, bounded. */
    private static String oneLine(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) + "…" : text;
        return cut.codePoints().map(cp -> Character.isISOControl(cp) ? '?' : cp)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Whether {@code address} is in this range; IPv4 and IPv6 ranges hold only their own family. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (isMapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes.length == network.length && Arrays.equals(masked(bytes, prefixLength), network);
    }

    /** The first address of the range. */
    public InetAddress network() {
        try {
            return InetAddress.getByAddress(network.clone());
        } catch (UnknownHostException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    public int prefixLength() {
        return prefixLength;
    }

    private static boolean isMapped(byte[] bytes) {
        if (bytes.length != 16 || bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            result[i] &= (byte) (0xff << (8 - keep));
        }
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkRange other && prefixLength == other.prefixLength
                && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /** {@code 10.0.0.0/8}, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return IpLiterals.format(network) + "/" + prefixLength;
    }
}
