package org.smtpguard.proxy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.smtpguard.certs.SpkiPins;
import org.smtpguard.policy.tls.UpstreamTlsLevel;

/**
 * One entry of the destination map ({@code upstream.destinations}): for a recipient domain or an upstream
 * host ({@code .example.org}: every name below it), the upstreams to use and the TLS level.
 * Written on one line, space-separated, keys repeatable:
 * <pre>
 *   example.org level=dane-only
 *   partner.example via=10.0.0.5:25 via=10.0.0.6:25 level=secure match=mail.partner.example
 *   legacy.example via=192.0.2.7:25 level=fingerprint pin=sha256/AbC…=
 * </pre>
 *
 * @param pattern a domain or host name, or {@code .name} for the names below it (lower case)
 * @param level   the TLS level; empty: the default ({@code upstream.tls.level})
 * @param via     the upstreams to relay to, in order; empty: MX (mx mode) or {@code upstream.address}
 * @param match   names the certificate may carry besides the destination (level {@code secure})
 * @param pins    SPKI SHA-256 pins ({@code sha256/BASE64}; required by level {@code fingerprint})
 */
public record DestinationRule(String pattern, Optional<UpstreamTlsLevel> level, List<HostPort> via, List<String> match,
        List<String> pins) {

    public DestinationRule {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(level, "level");
        via = List.copyOf(via);
        match = List.copyOf(match);
        pins = List.copyOf(pins);
        String bare = pattern.startsWith(".") ? pattern.substring(1) : pattern;
        if (!HostNames.isDnsName(bare, false)) {
            throw new IllegalArgumentException("not a domain or host name: " + pattern);
        }
        if (level.filter(l -> l == UpstreamTlsLevel.FINGERPRINT).isPresent() && pins.isEmpty()) {
            throw new IllegalArgumentException("level=fingerprint needs pin=sha256/…");
        }
        SpkiPins.of(pins);
    }

    /** Reads the one-line form (see the class comment). */
    public static DestinationRule parse(String text) {
        String[] tokens = text.strip().split("\\s+");
        String pattern = tokens[0].toLowerCase(Locale.ROOT);
        if (pattern.contains("=")) {
            throw new IllegalArgumentException("expected a domain or host first, then key=value");
        }
        Optional<UpstreamTlsLevel> level = Optional.empty();
        List<HostPort> via = new ArrayList<>();
        List<String> match = new ArrayList<>();
        List<String> pins = new ArrayList<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq <= 0 || eq == tokens[i].length() - 1) {
                throw new IllegalArgumentException("expected key=value, not " + tokens[i]);
            }
            String key = tokens[i].substring(0, eq);
            String value = tokens[i].substring(eq + 1);
            switch (key) {
                case "level" -> level = Optional.of(UpstreamTlsLevel.fromConfigName(value).orElseThrow(() ->
                        new IllegalArgumentException("level must be verify, secure, fingerprint, mta-sts, dane or dane-only")));
                case "via" -> via.add(HostPort.parse(value));
                case "match" -> {
                    if (!HostNames.isDnsName(value, false)) {
                        throw new IllegalArgumentException("match is not a host name: " + value);
                    }
                    match.add(value.toLowerCase(Locale.ROOT));
                }
                case "pin" -> pins.add(value);
                default -> throw new IllegalArgumentException("unknown key " + key + " (level, via, match, pin)");
            }
        }
        return new DestinationRule(pattern, level, via, match, pins);
    }

    /** True if this rule is for {@code name} (a domain or host, any case, trailing dot allowed). */
    public boolean matches(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        return pattern.startsWith(".") ? lower.endsWith(pattern) : lower.equals(pattern);
    }

    /** The one-line form, as {@link #parse} reads it. */
    public String format() {
        StringBuilder text = new StringBuilder(pattern);
        level.ifPresent(l -> text.append(" level=").append(l.configName()));
        via.forEach(v -> text.append(" via=").append(v));
        match.forEach(m -> text.append(" match=").append(m));
        pins.forEach(p -> text.append(" pin=").append(p));
        return text.toString();
    }
}
