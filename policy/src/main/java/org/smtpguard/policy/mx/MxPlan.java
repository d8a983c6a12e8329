package org.smtpguard.policy.mx;

import java.util.List;

/** Where mail for a domain goes, from its MX records (see {@link MxOrdering}). */
public sealed interface MxPlan {

    /** The domain publishes a null MX (RFC 7505): it accepts no mail; answer {@code 556 5.1.10}. */
    record NoMail() implements MxPlan {
    }

    /**
     * The hosts to try, in this order. {@code implicit}: there was no MX record, so the domain itself
     * is the one host (RFC 5321 §5.1, "implicit MX").
     */
    record Hosts(List<String> hosts, boolean implicit) implements MxPlan {
        public Hosts {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("a plan needs at least one host");
            }
        }
    }
}
