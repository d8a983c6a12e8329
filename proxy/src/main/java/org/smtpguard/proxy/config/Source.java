package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a setting's value came from: a default, a value derived from other settings, the
 * configuration file, an environment variable or a command-line flag.
 */
public record Source(Kind kind, String name, int line) {

    /** The layers, lowest precedence first. */
    public enum Kind { DEFAULT, DERIVED, FILE, ENV, FLAG }

    public static final Source DEFAULT = new Source(Kind.DEFAULT, "", 0);
    public static final Source DERIVED = new Source(Kind.DERIVED, "", 0);

    public Source {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** A value from the configuration file, at a 1-based line (0 if unknown). */
    public static Source file(Path file, int line) {
        return new Source(Kind.FILE, file.toString(), line);
    }

    public static Source env(String variable) {
        return new Source(Kind.ENV, variable, 0);
    }

    public static Source flag(String flag) {
        return new Source(Kind.FLAG, flag, 0);
    }

    /** As {@code --print-config} shows it: {@code default}, {@code derived}, {@code file PATH}, {@code env VAR}, {@code flag --x}. */
    public String label() {
        return switch (kind) {
            case DEFAULT -> "default";
            case DERIVED -> "derived";
            case FILE -> "file " + LogText.whole(name);
            case ENV -> "env " + name;
            case FLAG -> "flag " + name;
        };
    }

    /** As an error message names it: {@code --upstream}, {@code env SMTPGUARD_X}, {@code file PATH line 3}. */
    public String origin() {
        return switch (kind) {
            case FLAG -> name;
            case FILE -> line > 0 ? label() + " line " + line : label();
            default -> label();
        };
    }
}
