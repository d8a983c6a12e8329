package org.smtpguard.proxy.upstream;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.smtpguard.certs.TlsaRecord;
import org.smtpguard.policy.tls.AppliedTls;
import org.smtpguard.policy.tls.TlsPlan;
import org.smtpguard.policy.tls.TlsRequirement;

/**
 * The TLS decision for one connection (from {@link TlsPlanner}) and what carrying it out needs:
 * the validated TLSA records for {@link TlsRequirement.Dane}, the pins for {@link TlsRequirement.Pins}.
 */
public record PlannedTls(TlsPlan plan, List<TlsaRecord> tlsa, List<String> pins) {

    public PlannedTls {
        Objects.requireNonNull(plan, "plan");
        tlsa = List.copyOf(tlsa);
        pins = List.copyOf(pins);
    }

    /** Level verify: PKIX and {@code tlsName}, nothing looked up. */
    public static PlannedTls verify(String tlsName) {
        return new PlannedTls(new TlsPlan(AppliedTls.VERIFY, new TlsRequirement.Pkix(Set.of(tlsName.toLowerCase(
                java.util.Locale.ROOT))), "level verify"), List.of(), List.of());
    }

    /** True if this is plain PKIX against exactly {@code tlsName}: the shared default context serves it. */
    boolean isDefaultFor(String tlsName) {
        return plan.requirement() instanceof TlsRequirement.Pkix pkix
                && pkix.names().equals(Set.of(tlsName.toLowerCase(java.util.Locale.ROOT)));
    }
}
