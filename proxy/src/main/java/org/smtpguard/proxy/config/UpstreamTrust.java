package org.smtpguard.proxy.config;

import java.util.List;
import java.util.Objects;
import org.smtpguard.certs.SpkiPins;

/**
 * How the upstream is trusted: the verification ({@code upstream.tls.verify}) and the public key
 * pins ({@code upstream.tls.pins}, {@code sha256/BASE64}) it needs. Pins are required by
 * {@code pin} and {@code ca+pin} and refused with {@code ca}, where they would be ignored.
 */
public record UpstreamTrust(UpstreamVerification verification, List<String> pins) {

    /** Certificate authorities only, no pins: the default. */
    public static final UpstreamTrust CA = new UpstreamTrust(UpstreamVerification.CA, List.of());

    public UpstreamTrust {
        Objects.requireNonNull(verification, "verification");
        pins = List.copyOf(pins);
        SpkiPins.of(pins); // one line naming a malformed pin
        if (verification.checksPins() && pins.isEmpty()) {
            throw new IllegalArgumentException("upstream.tls.verify=" + verification.configName()
                    + " needs at least one pin: set upstream.tls.pins (--upstream-pin sha256/BASE64)");
        }
        if (!verification.checksPins() && !pins.isEmpty()) {
            throw new IllegalArgumentException("upstream.tls.pins are ignored with upstream.tls.verify=ca:"
                    + " use ca+pin (or pin for a self-signed upstream)");
        }
    }

    /** Only the pinned keys, for a self-signed upstream. */
    public static UpstreamTrust pinsOnly(List<String> pins) {
        return new UpstreamTrust(UpstreamVerification.PIN, pins);
    }

    /** The pins, parsed. */
    public SpkiPins spkiPins() {
        return SpkiPins.of(pins);
    }
}
