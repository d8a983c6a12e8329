package org.smtpguard.proxy.abuse;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.smtpguard.policy.decision.RefusalReason;

/**
 * Whether a new client connection may have a session: its connection rate (at once), then the DNS
 * blocklists (asynchronous). The session starts, or the client gets the refusal's reply and is closed.
 */
public final class ClientAdmission {

    /** The result: admitted, or refused for {@code reason} with what the log should name. */
    public record Verdict(Optional<RefusalReason> refusal, String detail) {
        static final Verdict ADMITTED = new Verdict(Optional.empty(), "");

        static Verdict refused(RefusalReason reason, String detail) {
            return new Verdict(Optional.of(reason), detail);
        }
    }

    private final ClientAbuse abuse;
    private final DnsblCheck dnsbl;

    public ClientAdmission(ClientAbuse abuse, DnsblCheck dnsbl) {
        this.abuse = abuse;
        this.dnsbl = dnsbl;
    }

    public ClientAbuse abuse() {
        return abuse;
    }

    /** Completes (on a resolver thread, or at once) with the verdict; never exceptionally. */
    public CompletableFuture<Verdict> admit(InetAddress client) {
        Optional<ClientAbuse.Scope> over = abuse.connectionOverRate(client);
        if (over.isPresent()) {
            return CompletableFuture.completedFuture(Verdict.refused(RefusalReason.CONNECTION_RATE,
                    "limit=" + over.get().label()));
        }
        if (!dnsbl.enabled()) {
            return CompletableFuture.completedFuture(Verdict.ADMITTED);
        }
        return dnsbl.listingZone(client)
                .thenApply(zone -> zone.map(z -> Verdict.refused(RefusalReason.DNSBL_LISTED, "zone=" + z))
                        .orElse(Verdict.ADMITTED))
                .exceptionally(error -> Verdict.ADMITTED); // a blocklist outage blocks nobody
    }
}
