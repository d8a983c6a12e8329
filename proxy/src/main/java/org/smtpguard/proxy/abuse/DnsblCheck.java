package org.smtpguard.proxy.abuse;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.smtpguard.policy.abuse.DnsblQuery;
import org.smtpguard.proxy.dns.DnsAnswer;
import org.smtpguard.proxy.dns.DnsLookups;

/**
 * Asks the configured DNS blocklists (RFC 5782) about a client address, all zones at once, through
 * {@link DnsLookups} (asynchronous, answers cached per TTL). A list that cannot be asked (time-out,
 * SERVFAIL) does not block anyone: a blocklist is advice, and an outage must not stop mail.
 */
public final class DnsblCheck {

    private final DnsLookups dns;
    private final List<String> zones;

    public DnsblCheck(DnsLookups dns, List<String> zones) {
        this.dns = dns;
        this.zones = List.copyOf(zones);
    }

    public boolean enabled() {
        return !zones.isEmpty();
    }

    /** The first zone (in configuration order) that lists {@code client}; empty if none does. */
    public CompletableFuture<Optional<String>> listingZone(InetAddress client) {
        if (zones.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        List<CompletableFuture<DnsAnswer<InetAddress>>> answers = new ArrayList<>();
        for (String zone : zones) {
            answers.add(dns.ipv4(DnsblQuery.queryName(client, zone)));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
            for (int i = 0; i < zones.size(); i++) {
                if (answers.get(i).join().records().stream().anyMatch(DnsblQuery::isListing)) {
                    return Optional.of(zones.get(i));
                }
            }
            return Optional.empty();
        });
    }
}
