package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code SMTPGUARD_*} environment variables as raw values: the key name upper-cased with
 * {@code .} as {@code _} ({@code SMTPGUARD_UPSTREAM_TLS_MODE}); lists comma-separated. A
 * variable with the prefix that names no key is an error, so that a typo is not silently ignored.
 */
final class EnvironmentSettings {

    private EnvironmentSettings() {
    }

    static Map<ConfigKey<?>, RawValue> read(Map<String, String> env) {
        Map<ConfigKey<?>, RawValue> values = new HashMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(ConfigKey.ENV_PREFIX)) {
                continue;
            }
            Source source = Source.env(LogText.peer(variable));
            ConfigKey<?> key = ConfigKeys.byEnvName(variable).orElseThrow(() -> ConfigException.unknownKey(variable,
                    "environment", Suggestions.didYouMean(variable, ConfigKeys.all().stream().map(ConfigKey::envName).toList())));
            values.put(key, RawValue.ofText(key, entry.getValue(), source));
        }
        return values;
    }
}
