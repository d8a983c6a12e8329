package org.smtpguard.policy.tls;

import java.util.Objects;
import java.util.Set;
import org.smtpguard.policy.decision.RefusalReason;

/**
 * What the upstream's certificate chain must satisfy for the connection to be used; the proxy's
 * trust manager carries it out, the certs toolkit does the checking.
 */
public sealed interface TlsRequirement {

    /** A PKIX chain to the configured trust anchors, and the leaf names one of {@code names}. */
    record Pkix(Set<String> names) implements TlsRequirement {
        public Pkix {
            names = Set.copyOf(names);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("no name to verify");
            }
        }
    }

    /**
     * The chain matches one of the host's DNSSEC-validated TLSA records (RFC 7672 §3): DANE-EE on
     * the leaf's key or certificate, validity and names ignored; DANE-TA with a chain to the
     * matched trust anchor, valid now, the leaf naming one of {@code names} (§3.2.2).
     */
    record Dane(Set<String> names) implements TlsRequirement {
        public Dane {
            names = Set.copyOf(names);
        }
    }

    /** The leaf's public key is one of the configured pins; nothing else is checked. */
    record Pins() implements TlsRequirement {
    }

    /** No connection: the policy cannot be met (the reason's reply goes to the client). */
    record Refused(RefusalReason reason) implements TlsRequirement {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
