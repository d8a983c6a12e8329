package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import java.util.List;
import java.util.Objects;

/** Logging: the level of the root logger ({@code error}, {@code warn}, {@code info} or {@code debug}). */
public record LogConfig(String level) {

    /** The levels an operator may choose, most quiet first. */
    public static final List<String> LEVELS = List.of("error", "warn", "info", "debug");

    public LogConfig {
        Objects.requireNonNull(level, "level");
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("log level must be one of " + LEVELS + ": " + LogText.quoted(level));
        }
    }
}
