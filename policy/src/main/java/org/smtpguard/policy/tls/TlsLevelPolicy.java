package org.smtpguard.policy.tls;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.smtpguard.policy.decision.RefusalReason;

/**
 * Decides, from the {@link TlsFacts} of one upstream connection, which check its TLS is held to.
 * The order, strongest first, with nothing below verified TLS:
 * <ol>
 *   <li>DANE (levels {@code dane}, {@code dane-only}): usable DNSSEC-validated TLSA records are
 *       used. Bogus or failed TLSA look-ups defer the delivery (RFC 7672 §2.2: they may be an
 *       attack). No usable records: {@code dane-only} refuses, {@code dane} goes on to 2.</li>
 *   <li>MTA-STS (levels {@code dane}, {@code mta-sts}): an enforced policy whose MX patterns match
 *       the host: PKIX and the MX host name; not matching: refused. A {@code testing} policy is only
 *       reported. DANE comes first because RFC 8461 §2 says so when both exist.</li>
 *   <li>{@code verify}: PKIX and the configured name or the host. The floor of every fallback.</li>
 * </ol>
 * {@code secure} and {@code fingerprint} have no fallback: PKIX with the destination's names, or pins.
 */
public final class TlsLevelPolicy {

    private TlsLevelPolicy() {
    }

    public static TlsPlan plan(TlsFacts facts) {
        return switch (facts.level()) {
            case VERIFY -> verify(facts, "level verify");
            case SECURE -> secure(facts);
            case FINGERPRINT -> new TlsPlan(AppliedTls.FINGERPRINT, new TlsRequirement.Pins(), "level fingerprint: pinned keys");
            case MTA_STS -> mtaSts(facts, "level mta-sts");
            case DANE, DANE_ONLY -> dane(facts);
        };
    }

    private static TlsPlan dane(TlsFacts facts) {
        boolean only = facts.level() == UpstreamTlsLevel.DANE_ONLY;
        return switch (facts.tlsa()) {
            case USABLE -> new TlsPlan(AppliedTls.DANE, new TlsRequirement.Dane(new LinkedHashSet<>(List.of(facts.host(), facts.destination()))),
                    "validated TLSA records");
            case BOGUS -> refused(RefusalReason.DNSSEC_BOGUS, "TLSA records failed DNSSEC validation");
            case FAILED -> refused(RefusalReason.DNS_FAILED, "TLSA look-up failed");
            case UNUSABLE, NONE, INSECURE, NOT_LOOKED_UP -> only
                    ? refused(RefusalReason.DANE_REQUIRED, "level dane-only and " + describe(facts.tlsa()))
                    : mtaSts(facts, describe(facts.tlsa()));
        };
    }

    private static TlsPlan mtaSts(TlsFacts facts, String before) {
        return switch (facts.mtaSts()) {
            case ENFORCE_MATCH -> new TlsPlan(AppliedTls.MTA_STS, new TlsRequirement.Pkix(Set.of(facts.host())),
                    before + "; MTA-STS policy enforced");
            case ENFORCE_MISMATCH -> refused(RefusalReason.MTA_STS_MX_NOT_LISTED,
                    before + "; MX host not in the enforced MTA-STS policy");
            case TESTING -> verify(facts, before + "; MTA-STS policy in testing mode");
            case NONE -> verify(facts, before + (facts.level().usesMtaSts() ? "; no MTA-STS policy" : ""));
        };
    }

    private static TlsPlan verify(TlsFacts facts, String why) {
        Set<String> names = facts.configuredNames().isEmpty() ? Set.of(facts.host()) : Set.copyOf(facts.configuredNames());
        return new TlsPlan(AppliedTls.VERIFY, new TlsRequirement.Pkix(names), why);
    }

    private static TlsPlan secure(TlsFacts facts) {
        Set<String> names = new LinkedHashSet<>();
        names.add(facts.destination());
        names.addAll(facts.configuredNames());
        String why = "level secure: the destination's names";
        if (facts.mxSecure()) {
            names.add(facts.host());
            why += " or the DNSSEC-validated MX host";
        }
        return new TlsPlan(AppliedTls.SECURE, new TlsRequirement.Pkix(names), why);
    }

    private static TlsPlan refused(RefusalReason reason, String why) {
        return new TlsPlan(AppliedTls.REFUSED, new TlsRequirement.Refused(reason), why);
    }

    private static String describe(TlsaStatus status) {
        return switch (status) {
            case UNUSABLE -> "no TLSA record usable for SMTP";
            case NONE -> "no TLSA records";
            case INSECURE -> "TLSA records not DNSSEC-validated";
            case NOT_LOOKED_UP -> "TLSA not looked up";
            default -> status.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
