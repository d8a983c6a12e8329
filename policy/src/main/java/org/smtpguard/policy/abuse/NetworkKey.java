package org.smtpguard.policy.abuse;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The network a client address belongs to, for limits per network: the address with every bit past
 * the prefix cleared, e.g. {@code 192.0.2.0/24} or {@code 2001:db8:1:2::/64}.
 */
public final class NetworkKey {

    private NetworkKey() {
    }

    /** The key of {@code address}'s network: {@code ipv4Prefix} or {@code ipv6Prefix} leading bits. */
    public static String of(InetAddress address, int ipv4Prefix, int ipv6Prefix) {
        byte[] bytes = address.getAddress();
        int prefix = address instanceof Inet4Address ? ipv4Prefix : ipv6Prefix;
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix out of range for " + bytes.length * 8 + " bits: " + prefix);
        }
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException impossible) { // only for a wrong length, which cannot happen here
            throw new IllegalStateException(impossible);
        }
    }
}
