package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Logging: the level of the root logger ({@code error}, {@code warn}, {@code info} or {@code debug})
 * and the format of the lines on standard output.
 */
public record LogConfig(String level, Format format) {

    /** The levels an operator may choose, most quiet first. */
    public static final List<String> LEVELS = List.of("error", "warn", "info", "debug");

    /** How each event is written: one line either way, with the same event names and fields. */
    public enum Format {
        /** {@code time LEVEL logger event key=value…}. */
        TEXT,
        /** One JSON object per line (Logback's JsonEncoder), the fields in its {@code kvpList}. */
        JSON;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LogConfig {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(format, "format");
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("log level must be one of " + LEVELS + ": " + LogText.quoted(level));
        }
    }

    /** Text lines at {@code level}. */
    public LogConfig(String level) {
        this(level, Format.TEXT);
    }
}
