package org.smtpguard.proxy.config;

import java.util.List;

/**
 * How the value of one key is written and read: the syntax, the range and the text that
 * {@code --print-config} shows. The instances are in {@link ValueTypes}.
 *
 * @param <T> the parsed value
 */
public interface ValueType<T> {

    /** A placeholder for help texts, e.g. {@code HOST:PORT} or {@code DURATION}. */
    String metavar();

    /** True if the key takes a list (a repeatable flag, comma-separated in the environment, a YAML sequence). */
    boolean isList();

    /**
     * The value written as {@code items} (exactly one unless {@link #isList()}).
     *
     * @throws InvalidValue with a one-line message saying what is wrong
     */
    T parse(List<String> items);

    /** The value as an operator would write it; {@link #parse} reads it back. */
    String format(T value);

    /** A value that cannot be used; {@link #value()} is the offending item (one element of a list). */
    final class InvalidValue extends IllegalArgumentException {

        private final transient String value;

        public InvalidValue(String value, String problem) {
            super(problem);
            this.value = value;
        }

        public String value() {
            return value;
        }
    }
}
