package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import java.util.List;
import java.util.Objects;

/**
 * A loaded configuration and, for every key, the value in effect and where it came from
 * (for {@code run --print-config}).
 */
public record LoadedConfig(SmtpguardConfig config, List<EffectiveSetting> settings) {

    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        settings = List.copyOf(settings);
    }

    /**
     * One line per key, in declaration order, like {@code postconf -n}:
     * {@code key = value  # source}; the value is empty for a key that is not set.
     */
    public List<String> printLines() {
        return settings.stream().map(EffectiveSetting::line).toList();
    }

    /** A key's value in effect (as an operator would write it) and its source. */
    public record EffectiveSetting(String key, String value, Source source) {

        public EffectiveSetting {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(source, "source");
        }

        String line() {
            return (key + " = " + LogText.whole(value)).stripTrailing() + "  # " + source.label();
        }
    }
}
