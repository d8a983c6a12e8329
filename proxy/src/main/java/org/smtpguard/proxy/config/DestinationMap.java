package org.smtpguard.proxy.config;

import java.util.List;
import java.util.Optional;
import org.smtpguard.policy.tls.UpstreamTlsLevel;

/**
 * The destination map and the default level ({@code upstream.destinations}, {@code upstream.tls.level}):
 * which rule applies to a recipient domain or an upstream host. An exact name wins over a
 * {@code .suffix} rule, a longer suffix over a shorter one; among equals the first written wins.
 */
public record DestinationMap(UpstreamTlsLevel defaultLevel, List<DestinationRule> rules) {

    public DestinationMap {
        java.util.Objects.requireNonNull(defaultLevel, "defaultLevel");
        rules = List.copyOf(rules);
        if (defaultLevel == UpstreamTlsLevel.FINGERPRINT) {
            throw new IllegalArgumentException("upstream.tls.level fingerprint needs pins: give them in a destinations "
                    + "entry for the upstream host (pin=sha256/…)");
        }
    }

    /** Level verify, no rules: the fixed upstream as before. */
    public static DestinationMap defaults() {
        return new DestinationMap(UpstreamTlsLevel.VERIFY, List.of());
    }

    /** The most specific rule for this domain or host. */
    public Optional<DestinationRule> find(String name) {
        DestinationRule best = null;
        for (DestinationRule rule : rules) {
            if (rule.matches(name) && (best == null || specificity(rule) > specificity(best))) {
                best = rule;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The level for this domain or host: its rule's, else the default. */
    public UpstreamTlsLevel levelFor(String name) {
        return find(name).flatMap(DestinationRule::level).orElse(defaultLevel);
    }

    private static int specificity(DestinationRule rule) {
        return rule.pattern().startsWith(".") ? rule.pattern().length() : Integer.MAX_VALUE;
    }
}
