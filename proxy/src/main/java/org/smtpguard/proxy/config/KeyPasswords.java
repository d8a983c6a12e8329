package org.smtpguard.proxy.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.smtpguard.certs.KeyPassword;
import org.smtpguard.proxy.log.LogText;

/**
 * Where the password of an encrypted key or a PKCS#12 file comes from: a file (its first line,
 * without the line end) or an environment variable named in the configuration. Never a
 * configuration value itself, so that {@code --print-config} and the logs cannot show it.
 */
public final class KeyPasswords {

    private KeyPasswords() {
    }

    /**
     * The password from {@code file} or from the variable {@code envName} of {@code env}; empty if
     * neither is given.
     *
     * @throws IllegalArgumentException with one line if both are given, the file cannot be read
     *                                  or the variable is not set
     */
    public static Optional<KeyPassword> from(Optional<Path> file, Optional<String> envName, Map<String, String> env) {
        if (file.isPresent() && envName.isPresent()) {
            throw new IllegalArgumentException("give the password in a file or in an environment variable, not both");
        }
        if (file.isPresent()) {
            return Optional.of(KeyPassword.of(firstLine(file.get()).toCharArray(), "file " + file.get()));
        }
        if (envName.isPresent()) {
            String value = env.get(envName.get());
            if (value == null) {
                throw new IllegalArgumentException("environment variable " + LogText.peer(envName.get())
                        + " (the key password) is not set");
            }
            return Optional.of(KeyPassword.of(value.toCharArray(), "environment variable " + envName.get()));
        }
        return Optional.empty();
    }

    private static String firstLine(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the password file: " + LogText.oneLine(e));
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
