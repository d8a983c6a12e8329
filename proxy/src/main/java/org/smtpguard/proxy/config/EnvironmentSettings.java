package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code SMTPGUARD_*} environment variables as raw values: the key name upper-cased with
 * {@code .} as {@code _} ({@code SMTPGUARD_UPSTREAM_TLS_MODE}); lists comma-separated. A
 * variable with the prefix that names no key is an error, so that a typo is not silently ignored.
 */
final class EnvironmentSettings {

    private EnvironmentSettings() {
    }

    /** The values of the variables; a variable that names no key is added to {@code problems}. */
    static Map<ConfigKey<?>, RawValue> read(Map<String, String> env, List<ConfigException> problems) {
        Map<ConfigKey<?>, RawValue> values = new HashMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(ConfigKey.ENV_PREFIX)) {
                continue;
            }
            Source source = Source.env(LogText.peer(variable));
            Optional<ConfigKey<?>> key = ConfigKeys.byEnvName(variable);
            if (key.isEmpty()) {
                problems.add(ConfigException.unknownKey(variable, "environment",
                        Suggestions.didYouMean(variable, ConfigKeys.all().stream().map(ConfigKey::envName).toList())));
                continue;
            }
            values.put(key.get(), RawValue.ofText(key.get(), entry.getValue(), source));
        }
        return values;
    }
}
