package org.smtpguard.policy.mx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * RFC 5321 §5.1: the MX hosts of a domain in the order to try them. Lowest preference first; hosts of
 * equal preference in random order (spreading load as the RFC asks); no MX record at all: the domain
 * itself (implicit MX); a lone null MX "." (RFC 7505): no mail. A "." among real MX records is
 * skipped. At most {@link #MAX_HOSTS} hosts are kept: a hostile zone cannot make a session try
 * hundreds.
 */
public final class MxOrdering {

    /** Most MX hosts a delivery tries (like Postfix's smtp_mx_address_limit). */
    public static final int MAX_HOSTS = 5;

    private MxOrdering() {
    }

    /**
     * @param domain the recipient domain, lower-case ASCII
     * @param records its MX records; empty when it has none (NOERROR with no MX answer)
     * @param random  chooses among equal preferences
     */
    public static MxPlan plan(String domain, List<MxRecord> records, RandomGenerator random) {
        if (records.isEmpty()) {
            return new MxPlan.Hosts(List.of(domain.toLowerCase(Locale.ROOT)), true);
        }
        List<MxRecord> real = new ArrayList<>(records.stream().filter(r -> !r.isNull()).toList());
        if (real.isEmpty()) {
            return new MxPlan.NoMail();
        }
        // Shuffle first, then a stable sort by preference: equal preferences stay shuffled.
        for (int i = real.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            MxRecord t = real.get(i);
            real.set(i, real.get(j));
            real.set(j, t);
        }
        real.sort(Comparator.comparingInt(MxRecord::preference));
        List<String> hosts = new ArrayList<>();
        for (MxRecord r : real) {
            if (!hosts.contains(r.host()) && hosts.size() < MAX_HOSTS) {
                hosts.add(r.host());
            }
        }
        return new MxPlan.Hosts(hosts, false);
    }
}
