package org.smtpguard.policy.abuse;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * DNS blocklist queries (RFC 5782): the name to look up for a client address in a zone, and what an
 * answer means.
 */
public final class DnsblQuery {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private DnsblQuery() {
    }

    /**
     * The name to query: IPv4 octets reversed ({@code 2.0.0.127.zen.example.}), IPv6 nibbles reversed
     * (RFC 5782 §2.4), then the zone, as an absolute name.
     */
    public static String queryName(InetAddress client, String zone) {
        String z = zone.toLowerCase(Locale.ROOT);
        z = z.endsWith(".") ? z : z + ".";
        byte[] bytes = client.getAddress();
        StringBuilder name = new StringBuilder(80);
        if (client instanceof Inet4Address) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                name.append(bytes[i] & 0xff).append('.');
            }
        } else {
            for (int i = bytes.length - 1; i >= 0; i--) {
                name.append(HEX[bytes[i] & 0x0f]).append('.').append(HEX[(bytes[i] >> 4) & 0x0f]).append('.');
            }
        }
        return name.append(z).toString();
    }

    /**
     * Whether an A record in the answer says "listed": an address in 127.0.0.0/8 (RFC 5782 §2.3),
     * except 127.255.255.0/24, which lists use for errors such as "refused, query via your own
     * resolver"; those must never block mail.
     */
    public static boolean isListing(InetAddress answer) {
        byte[] a = answer.getAddress();
        if (!(answer instanceof Inet4Address) || (a[0] & 0xff) != 127) {
            return false;
        }
        return !((a[1] & 0xff) == 255 && (a[2] & 0xff) == 255);
    }
}
