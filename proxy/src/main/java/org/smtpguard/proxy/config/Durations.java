package org.smtpguard.proxy.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the configuration writes them: a whole number and a unit, {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
public final class Durations {

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private Durations() {
    }

    /** A duration greater than zero; the message of the exception says what is wrong. */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            if (text.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("missing unit: write e.g. 250ms, 30s, 5m or 1h");
            }
            throw new IllegalArgumentException("not a duration: write a whole number and ms, s, m or h, e.g. 30s");
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (duration.isZero()) {
            throw new IllegalArgumentException("must be greater than 0");
        }
        return duration;
    }

    /** The largest unit that writes the duration exactly (milliseconds at least). */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
