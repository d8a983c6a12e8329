package org.smtpguard.proxy.config;

import java.util.List;
import org.smtpguard.proxy.log.LogText;

/**
 * A configuration that cannot be used. The message is always one line that names the key, the
 * value (quoted, escaped, cut) and where it came from, then what is wrong, e.g.
 * {@code upstream.address "mail:99999" (from --upstream): port out of range 1-65535}.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    private ConfigException(String message) {
        super(message.replaceAll("[\\r\\n\\u2028\\u2029]+", " "));
        this.problems = List.of(getMessage());
    }

    private ConfigException(List<String> problems) {
        super(problems.get(0) + (problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more)"));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, one line each: a configuration is checked whole, not up to its first error. */
    public List<String> problems() {
        return problems;
    }

    /** The problems of several exceptions as one (at least one). */
    public static ConfigException all(List<ConfigException> found) {
        if (found.size() == 1) {
            return found.get(0);
        }
        return new ConfigException(found.stream().flatMap(e -> e.problems().stream()).toList());
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
