package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

/**
 * A configuration that cannot be used. The message is always one line that names the key, the
 * value (quoted, escaped, cut) and where it came from, then what is wrong, e.g.
 * {@code upstream.address "mail:99999" (from --upstream): port out of range 1-65535}.
 */
public final class ConfigException extends RuntimeException {

    private ConfigException(String message) {
        super(message.replaceAll("[\\r\\n\\u2028\\u2029]+", " "));
    }

    /** A bad value. */
    public static ConfigException badValue(String key, String value, Source source, String problem) {
        return new ConfigException(key + " " + LogText.quoted(value) + " (from " + source.origin() + "): "
                + LogText.oneLine(problem));
    }

    /** A problem with a key as a whole (e.g. a required key that is not set). */
    public static ConfigException badKey(String key, String problem) {
        return new ConfigException(key + ": " + LogText.oneLine(problem));
    }

    /** A name that is not a key, e.g. a misspelt YAML key or {@code SMTPGUARD_} variable. */
    public static ConfigException unknownKey(String name, String origin, String hint) {
        return new ConfigException("unknown key " + LogText.quoted(name) + " (from " + origin + ")"
                + (hint.isEmpty() ? "" : ": " + hint));
    }

    /** The configuration file itself cannot be read or parsed. */
    public static ConfigException badFile(String path, String problem) {
        return new ConfigException("config file " + LogText.quoted(path) + " (from --config): " + LogText.oneLine(problem));
    }
}
