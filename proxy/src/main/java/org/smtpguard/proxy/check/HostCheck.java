package org.smtpguard.proxy.check;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.smtpguard.certs.SpkiPins;
import org.smtpguard.certs.TlsaRecord;
import org.smtpguard.certs.VerificationResult;
import org.smtpguard.policy.tls.MtaStsStatus;
import org.smtpguard.policy.tls.TlsFacts;
import org.smtpguard.policy.tls.TlsLevelPolicy;
import org.smtpguard.policy.tls.TlsPlan;
import org.smtpguard.policy.tls.TlsaStatus;
import org.smtpguard.policy.tls.UpstreamTlsLevel;
import org.smtpguard.proxy.dns.DnsAnswer;
import org.smtpguard.proxy.dns.DnsLookups;
import org.smtpguard.proxy.log.LogText;
import org.smtpguard.proxy.mtasts.MtaStsPolicySource;
import org.smtpguard.proxy.mtasts.MtaStsStatuses;
import org.smtpguard.proxy.mtasts.StsLookup;
import org.smtpguard.policy.mtasts.StsMxVerdict;
import org.smtpguard.proxy.upstream.PlanVerifier;
import org.smtpguard.proxy.upstream.PlannedTls;
import org.smtpguard.proxy.upstream.TlsPlanner;

/**
 * Checks one SMTP host for {@code smtpguard check}: its addresses, TLSA records and their DNSSEC
 * status, the SMTP/TLS dialogue, the chain, and the verdict under every level; prints as it goes.
 */
final class HostCheck {

    /** One host to check and what the policy knows about it. */
    record Host(String name, int port, String tlsName, String destination, boolean mxSecure, UpstreamTlsLevel level,
            List<String> names, List<String> pins) {
    }

    /** The verdict for the configured level: allowed, or why not. */
    record Verdict(boolean allowed, String reason) {
    }

    private final DnsLookups dns;
    private final MtaStsPolicySource mtaSts;
    private final List<X509Certificate> anchors;
    private final String heloName;
    private final Duration timeout;
    private final PrintWriter out;

    HostCheck(DnsLookups dns, MtaStsPolicySource mtaSts, List<X509Certificate> anchors, String heloName,
              Duration timeout, PrintWriter out) {
        this.dns = dns;
        this.mtaSts = mtaSts;
        this.anchors = anchors;
        this.heloName = heloName;
        this.timeout = timeout;
        this.out = out;
    }

    Verdict check(Host host) throws Exception {
        out.println();
        out.println("== " + host.name() + " port " + host.port() + " (level " + host.level() + ", name " + host.tlsName() + ")");
        List<InetAddress> addresses = addresses(host.name());
        if (addresses.isEmpty()) {
            return new Verdict(false, "no address for " + host.name());
        }
        DnsAnswer<TlsaRecord> tlsa = await(dns.tlsa(host.name(), host.port()));
        out.println("TLSA _" + host.port() + "._tcp." + host.name() + ": " + describe(tlsa));
        tlsa.records().forEach(r -> out.println("  TLSA " + r + (r.isUsableForSmtp() ? "" : "  (unusable for SMTP)")));
        TlsaStatus tlsaStatus = TlsPlanner.status(tlsa);
        StsLookup sts = await(mtaSts.policyFor(host.destination()));
        StsMxVerdict stsVerdict = sts.verdictFor(host.name());
        out.println("MTA-STS " + host.destination() + ": " + sts.summary() + sts.policy()
                .map(p -> " mx=" + p.mx() + " max_age=" + p.maxAge().toSeconds() + "s; " + host.name() + ": "
                        + stsVerdict.name().toLowerCase(java.util.Locale.ROOT))
                .orElse(""));
        MtaStsStatus stsStatus = MtaStsStatuses.of(sts, stsVerdict);

        SmtpProbe.Result probe = SmtpProbe.probe(new InetSocketAddress(addresses.get(0), host.port()), host.tlsName(),
                heloName, timeout);
        out.println("connect " + addresses.get(0).getHostAddress() + ":" + host.port());
        probe.greeting().forEach(l -> out.println("  S: " + l));
        probe.ehlo().forEach(l -> out.println("  S: " + l));
        out.println("STARTTLS: " + (probe.startTls().isEmpty() ? "-" : probe.startTls()));
        if (!probe.failure().isEmpty()) {
            out.println("TLS: failed: " + probe.failure());
            return new Verdict(false, host.name() + ": " + probe.failure());
        }
        out.println("TLS: " + probe.protocol() + " " + probe.cipher());
        Instant now = Instant.now();
        printChain(probe.chain(), now);

        List<TlsaRecord> records = tlsa.isSecure() ? tlsa.records() : List.of();
        Verdict configured = null;
        out.println("levels:");
        for (UpstreamTlsLevel level : UpstreamTlsLevel.values()) {
            TlsFacts facts = new TlsFacts(level, host.name(), host.destination(), host.mxSecure(),
                    level == UpstreamTlsLevel.VERIFY ? List.of(host.tlsName()) : host.names(),
                    level.usesDane() ? tlsaStatus : TlsaStatus.NOT_LOOKED_UP,
                    level.usesMtaSts() ? stsStatus : MtaStsStatus.NONE);
            TlsPlan plan = TlsLevelPolicy.plan(facts);
            Verdict verdict;
            if (plan.refused()) {
                verdict = new Verdict(false, "refused before TLS: " + plan.why());
            } else {
                VerificationResult result = PlanVerifier.verify(new PlannedTls(plan, records, host.pins()),
                        probe.chain(), anchors, now);
                verdict = new Verdict(result.verified(), plan.applied().label() + " (" + plan.why() + "): "
                        + (result.verified() ? "" : result.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": ")
                        + result.detail());
            }
            out.println(String.format("  %-11s %s %s", level, verdict.allowed() ? "pass" : "FAIL", verdict.reason()));
            if (level == host.level()) {
                configured = verdict;
            }
        }
        return configured;
    }

    private List<InetAddress> addresses(String host) throws Exception {
        List<InetAddress> all = new ArrayList<>();
        if (host.matches("[0-9.]+") || host.contains(":")) {
            all.add(InetAddress.getByName(host));
            out.println("address " + host);
            return all;
        }
        for (DnsAnswer<InetAddress> answer : List.of(await(dns.ipv4(host)), await(dns.ipv6(host)))) {
            out.println("address " + host + ": " + describe(answer));
            all.addAll(answer.records());
        }
        all.forEach(a -> out.println("  " + a.getHostAddress()));
        return all;
    }

    private void printChain(List<X509Certificate> chain, Instant now) {
        out.println("chain (" + chain.size() + "):");
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            Instant from = c.getNotBefore().toInstant();
            Instant to = c.getNotAfter().toInstant();
            String validity = now.isBefore(from) ? "NOT YET VALID" : now.isAfter(to) ? "EXPIRED" : "valid";
            out.println("  " + i + " subject=" + LogText.quoted(c.getSubjectX500Principal().getName()));
            out.println("    issuer=" + LogText.quoted(c.getIssuerX500Principal().getName()));
            out.println("    " + from + " .. " + to + " " + validity);
            out.println("    pin " + SpkiPins.pinOf(c));
        }
    }

    static String describe(DnsAnswer<?> answer) {
        String what = switch (answer.outcome()) {
            case ANSWER -> answer.records().size() + " record(s)";
            case NO_DATA -> "no records";
            case NXDOMAIN -> "no such name";
            case FAILURE -> "look-up failed (" + answer.detail() + ")";
        };
        return what + ", DNSSEC " + answer.dnssec().name().toLowerCase(java.util.Locale.ROOT);
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }
}
