package org.smtpguard.proxy.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The parsed value and source of each key while a configuration is being loaded. */
final class Settings {

    private final Map<ConfigKey<?>, Object> values = new HashMap<>();
    private final Map<ConfigKey<?>, Source> sources = new HashMap<>();
    private final Set<ConfigKey<?>> failed = new HashSet<>();

    /** Parses a raw value; a bad one is a {@link ConfigException} naming key, value and source. */
    <T> void parse(ConfigKey<T> key, RawValue raw) {
        try {
            put(key, key.type().parse(raw.items()), raw.source());
        } catch (ValueType.InvalidValue e) {
            throw ConfigException.badValue(key.name(), e.value(), raw.source(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ConfigException.badValue(key.name(), raw.text(), raw.source(), String.valueOf(e.getMessage()));
        }
    }

    /** The key's value was bad: it stays unset, and checks that need it are skipped. */
    void failed(ConfigKey<?> key) {
        failed.add(key);
    }

    boolean hasFailed(ConfigKey<?> key) {
        return failed.contains(key);
    }

    boolean anyFailed() {
        return !failed.isEmpty();
    }

    <T> void put(ConfigKey<T> key, T value, Source source) {
        values.put(key, value);
        sources.put(key, source);
    }

    /** The value, if the key is set (by any layer, its default or derivation). */
    <T> Optional<T> find(ConfigKey<T> key) {
        @SuppressWarnings("unchecked") // put() only stores a T under a ConfigKey<T>
        T value = (T) values.get(key);
        return Optional.ofNullable(value);
    }

    /** The value of a key that is set by now. */
    <T> T get(ConfigKey<T> key) {
        return find(key).orElseThrow(() -> new IllegalStateException(key + " is not set"));
    }

    /** Where the key's value came from; {@link Source#DEFAULT} if it is not set. */
    Source source(ConfigKey<?> key) {
        return sources.getOrDefault(key, Source.DEFAULT);
    }

    /** The value as an operator would write it; empty if the key is not set. */
    <T> String format(ConfigKey<T> key) {
        return find(key).map(value -> key.type().format(value)).orElse("");
    }
}
