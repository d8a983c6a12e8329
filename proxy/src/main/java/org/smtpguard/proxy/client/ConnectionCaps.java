package org.smtpguard.proxy.client;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.smtpguard.policy.decision.RefusalReason;

/**
 * The client connections open now, in total and per IP address, against
 * {@code limits.client_connections} and {@code limits.client_connections_per_address}. Shared by
 * every listener and event loop of one proxy: atomic counters, no lock.
 */
public final class ConnectionCaps {

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    public ConnectionCaps(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a new connection from {@code address}; null if admitted, else why not (then nothing is counted). */
    RefusalReason admit(InetAddress address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return RefusalReason.TOO_MANY_CONNECTIONS;
        }
        if (perAddress.merge(address, 1, Integer::sum) > maxPerAddress) {
            release(address);
            return RefusalReason.TOO_MANY_CONNECTIONS_FROM_CLIENT;
        }
        return null;
    }

    /** An admitted connection from {@code address} closed. */
    void release(InetAddress address) {
        perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        total.decrementAndGet();
    }

    /** Connections open now (for tests and the log). */
    public int open() {
        return total.get();
    }
}
