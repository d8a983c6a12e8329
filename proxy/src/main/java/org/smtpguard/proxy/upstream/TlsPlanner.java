package org.smtpguard.proxy.upstream;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.smtpguard.certs.TlsaRecord;
import org.smtpguard.policy.tls.MtaStsStatus;
import org.smtpguard.policy.tls.TlsFacts;
import org.smtpguard.policy.tls.TlsLevelPolicy;
import org.smtpguard.policy.tls.TlsaStatus;
import org.smtpguard.proxy.dns.DnsAnswer;
import org.smtpguard.proxy.dns.DnsLookups;
import org.smtpguard.proxy.dns.Dnssec;

/**
 * Gathers the facts a connection's TLS level needs (TLSA records of {@code _<port>._tcp.<host>} for
 * DANE, the MTA-STS policy), asynchronously, and asks {@link TlsLevelPolicy} for the decision.
 * Levels that need no facts are planned at once.
 */
public final class TlsPlanner {

    private final DnsLookups dns;
    private final MtaStsLookup mtaSts;

    /** @param dns the look-ups for TLSA records; null: none (DANE levels then refuse, fail closed) */
    public TlsPlanner(DnsLookups dns, MtaStsLookup mtaSts) {
        this.dns = dns;
        this.mtaSts = mtaSts;
    }

    public CompletableFuture<PlannedTls> plan(UpstreamTarget target) {
        DestinationTls tls = target.tls();
        // The TLSA base name is the host connected to; an upstream configured by address has its TLS name.
        String host = target.address().isIpLiteral() ? target.tlsName() : target.address().host();
        List<String> names = tls.names().isEmpty() ? List.of(target.tlsName()) : tls.names();
        TlsFacts facts = new TlsFacts(tls.level(), host, tls.destination(), tls.mxSecure(),
                tls.level() == org.smtpguard.policy.tls.UpstreamTlsLevel.VERIFY ? names : tls.names(),
                TlsaStatus.NOT_LOOKED_UP, MtaStsStatus.NONE);
        CompletableFuture<DnsAnswer<TlsaRecord>> tlsa = !tls.level().usesDane() ? CompletableFuture.completedFuture(null)
                : dns == null ? CompletableFuture.completedFuture(DnsAnswer.failure(host, Dnssec.INSECURE, "no DNS"))
                : dns.tlsa(host, target.address().port());
        CompletableFuture<Boolean> addressesInsecure = !tls.level().usesDane() || dns == null
                ? CompletableFuture.completedFuture(false) : dns.ipv4(host).thenApply(TlsPlanner::provablyInsecure);
        CompletableFuture<MtaStsStatus> sts = tls.level().usesMtaSts()
                ? mtaSts.status(tls.destination(), host) : CompletableFuture.completedFuture(MtaStsStatus.NONE);
        return tlsa.thenCombine(addressesInsecure, TlsaFacts::of).thenCombine(sts, (found, policy) -> {
            TlsFacts all = facts.withMtaSts(policy).withTlsa(found.status());
            return new PlannedTls(TlsLevelPolicy.plan(all), found.records(), tls.pins());
        });
    }

    /** What DANE has to go on: the TLSA status, and the records when they are usable. */
    private record TlsaFacts(TlsaStatus status, List<TlsaRecord> records) {

        static TlsaFacts of(DnsAnswer<TlsaRecord> answer, boolean addressesInsecure) {
            if (answer == null) {
                return new TlsaFacts(TlsaStatus.NOT_LOOKED_UP, List.of());
            }
            TlsaStatus status = TlsPlanner.status(answer).forAddresses(addressesInsecure);
            return new TlsaFacts(status, status == TlsaStatus.USABLE ? answer.records() : List.of());
        }
    }

    /** An answer (or denial) for the host's address that DNSSEC shows to be unsigned; a failed look-up is not. */
    private static boolean provablyInsecure(DnsAnswer<java.net.InetAddress> answer) {
        return answer.outcome() != org.smtpguard.proxy.dns.DnsOutcome.FAILURE && answer.dnssec() == Dnssec.INSECURE;
    }

    /** The DANE view of a TLSA answer (RFC 7672 §2.2). */
    public static TlsaStatus status(DnsAnswer<TlsaRecord> answer) {
        if (answer.dnssec() == Dnssec.BOGUS) {
            return TlsaStatus.BOGUS;
        }
        return switch (answer.outcome()) {
            case FAILURE -> TlsaStatus.FAILED;
            case NXDOMAIN, NO_DATA -> answer.isSecure() ? TlsaStatus.NONE : TlsaStatus.INSECURE;
            case ANSWER -> !answer.isSecure() ? TlsaStatus.INSECURE
                    : answer.records().stream().anyMatch(TlsaRecord::isUsableForSmtp) ? TlsaStatus.USABLE
                    : TlsaStatus.UNUSABLE;
        };
    }
}
