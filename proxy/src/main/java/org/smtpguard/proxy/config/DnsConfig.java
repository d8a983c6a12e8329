package org.smtpguard.proxy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * DNS look-ups ({@code dns.*}).
 *
 * @param servers      the servers to ask (IP and port); empty: those of /etc/resolv.conf
 * @param trustAnchor  DNSSEC trust anchors (DS/DNSKEY, zone-file form); empty: the root zone's KSKs
 * @param timeout      for one look-up, all servers and retries included
 * @param cacheEntries most answers cached, each for its TTL (0: none)
 */
public record DnsConfig(List<HostPort> servers, Optional<Path> trustAnchor, Duration timeout, int cacheEntries) {

    public DnsConfig {
        servers = List.copyOf(servers);
        Objects.requireNonNull(trustAnchor, "trustAnchor");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be greater than 0: " + timeout);
        }
        if (cacheEntries < 0) {
            throw new IllegalArgumentException("cacheEntries must not be negative: " + cacheEntries);
        }
    }

    /** The defaults of the {@code dns.*} keys: the system's servers, the root trust anchors. */
    public static DnsConfig defaults() {
        return new DnsConfig(List.of(), Optional.empty(), ConfigKeys.DNS_TIMEOUT.parsedDefault(),
                ConfigKeys.DNS_CACHE_ENTRIES.parsedDefault());
    }

    /** These servers and trust anchors, the other settings as they are (tests point at a 127.0.0.1 server). */
    public DnsConfig withServers(List<HostPort> newServers, Optional<Path> newTrustAnchor) {
        return new DnsConfig(newServers, newTrustAnchor, timeout, cacheEntries);
    }
}
