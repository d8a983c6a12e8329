package org.smtpguard.policy.mx;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The connections a delivery tries, in order: for each MX host in plan order, its addresses (IPv4
 * first, then IPv6), at most {@link #PER_HOST} per host and {@link #MAX_ATTEMPTS} in all. Each
 * failure (connect, timeout, STARTTLS, certificate) moves on to the next attempt.
 */
public final class MxAttempts {

    /** Addresses tried per MX host. */
    public static final int PER_HOST = 2;
    /** Connections tried per delivery in all (like Postfix's smtp_mx_address_limit). */
    public static final int MAX_ATTEMPTS = 5;

    /** One connection to try: the MX host (the name to verify) and one of its addresses. */
    public record Attempt(String host, InetAddress address) {
    }

    private MxAttempts() {
    }

    /**
     * @param hosts     the plan's hosts, in order
     * @param addresses the addresses each host resolved to; a host missing or with none is skipped
     */
    public static List<Attempt> of(List<String> hosts, Map<String, List<InetAddress>> addresses) {
        List<Attempt> attempts = new ArrayList<>();
        for (String host : hosts) {
            List<InetAddress> own = new ArrayList<>(addresses.getOrDefault(host, List.of()));
            own.sort(Comparator.comparingInt(a -> a instanceof Inet4Address ? 0 : 1));
            for (InetAddress address : own.subList(0, Math.min(PER_HOST, own.size()))) {
                if (attempts.size() == MAX_ATTEMPTS) {
                    return attempts;
                }
                attempts.add(new Attempt(host, address));
            }
        }
        return attempts;
    }
}
