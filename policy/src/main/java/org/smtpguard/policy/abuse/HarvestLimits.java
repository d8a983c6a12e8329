package org.smtpguard.policy.abuse;

import java.time.Duration;

/**
 * When a client that collects refused recipients (directory harvest) is slowed down and then sent
 * away.
 *
 * @param tarpitAfter     refused recipients (550, 5.1.x) after which every RCPT reply is delayed; 0: off
 * @param disconnectAfter refused recipients after which the client gets {@code 421 4.7.0} and is disconnected
 * @param tarpitDelay     how long each RCPT reply is held back while tarpitting
 * @param window          how long refused recipients are counted against a client address
 */
public record HarvestLimits(int tarpitAfter, int disconnectAfter, Duration tarpitDelay, Duration window) {

    public HarvestLimits {
        if (tarpitAfter < 0 || disconnectAfter < 0 || (disconnectAfter > 0 && tarpitAfter > disconnectAfter)) {
            throw new IllegalArgumentException("tarpit_after must not be above disconnect_after (0 turns either off)");
        }
        if (tarpitDelay.isNegative() || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("harvest tarpit delay must be >= 0 and the window positive");
        }
    }

    /** Whether harvest protection is on. */
    public boolean enabled() {
        return tarpitAfter > 0 || disconnectAfter > 0;
    }
}
