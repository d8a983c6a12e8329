package org.smtpguard.proxy.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One setting: its dotted name, its value type, its default, a one-line doc and, for the settings
 * the command line offers, the flag that is an alias of it. Every key is declared once, in
 * {@link ConfigKeys}; the environment variable name and the help text are derived from it.
 *
 * @param <T> the type of the parsed value
 */
public final class ConfigKey<T> {

    /** The prefix of every environment variable that sets a key. */
    public static final String ENV_PREFIX = "SMTPGUARD_";

    private final String name;
    private final ValueType<T> type;
    private final Default defaultValue;
    private final String doc;
    private final Optional<String> flag;

    ConfigKey(String name, ValueType<T> type, Default defaultValue, String doc, Optional<String> flag) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.doc = Objects.requireNonNull(doc, "doc");
        this.flag = Objects.requireNonNull(flag, "flag");
        if (!name.matches("[a-z]+(\\.[a-z_]+)+")) {
            throw new IllegalArgumentException("bad key name " + name);
        }
    }

    /** The dotted name, e.g. {@code upstream.tls.mode}. */
    public String name() {
        return name;
    }

    public ValueType<T> type() {
        return type;
    }

    public Default defaultValue() {
        return defaultValue;
    }

    /** One line for help texts. */
    public String doc() {
        return doc;
    }

    /** The command-line flag that sets this key, e.g. {@code --upstream-tls}. */
    public Optional<String> flag() {
        return flag;
    }

    /** The environment variable that sets this key, e.g. {@code SMTPGUARD_UPSTREAM_TLS_MODE}. */
    public String envName() {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * The parsed default.
     *
     * @throws IllegalStateException if the key has no fixed default (none, derived or required)
     */
    public T parsedDefault() {
        if (defaultValue.kind() != Default.Kind.VALUE) {
            throw new IllegalStateException(name + " has no fixed default");
        }
        String text = defaultValue.text();
        List<String> items = type.isList()
                ? text.isEmpty() ? List.of() : List.of(text.split(","))
                : List.of(text);
        return type.parse(items);
    }

    @Override
    public String toString() {
        return name;
    }

    /** What a key is when nothing sets it. */
    public record Default(Kind kind, String text) {

        public enum Kind {
            /** A fixed value, {@link #text()}. */
            VALUE,
            /** No value; {@link #text()} says what that means. */
            NONE,
            /** Computed from other settings or the host; {@link #text()} says how. */
            DERIVED,
            /** The key must be set. */
            REQUIRED
        }

        public Default {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

        public static Default value(String text) {
            return new Default(Kind.VALUE, text);
        }

        public static Default none(String meaning) {
            return new Default(Kind.NONE, meaning);
        }

        public static Default derived(String how) {
            return new Default(Kind.DERIVED, how);
        }

        public static Default required() {
            return new Default(Kind.REQUIRED, "required");
        }

        /** For help texts: {@code 30s}, {@code none: ...}, {@code derived: ...}, {@code required}. */
        public String describe() {
            return switch (kind) {
                case VALUE -> text.isEmpty() ? "empty" : text;
                case NONE -> "none: " + text;
                case DERIVED -> text;
                case REQUIRED -> "required";
            };
        }
    }
}
