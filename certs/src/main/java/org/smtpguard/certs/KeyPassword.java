package org.smtpguard.certs;

import java.util.Arrays;
import java.util.Objects;

/**
 * The password of an encrypted private key or a PKCS#12 file, with where it came from (for error
 * messages; the password itself never appears in a message, a log line or {@link #toString()}).
 */
public final class KeyPassword {

    private final char[] password;
    private final String origin;

    private KeyPassword(char[] password, String origin) {
        this.password = password;
        this.origin = origin;
    }

    /**
     * @param password the password (copied)
     * @param origin   where it came from, e.g. {@code file /etc/smtpguard/key.pass}
     */
    public static KeyPassword of(char[] password, String origin) {
        Objects.requireNonNull(password, "password");
        return new KeyPassword(password.clone(), Objects.requireNonNull(origin, "origin"));
    }

    /** A copy of the password characters. */
    public char[] chars() {
        return password.clone();
    }

    /** Where the password came from: says which password was wrong without saying the password. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "KeyPassword[from " + origin + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPassword p && Arrays.equals(password, p.password) && origin.equals(p.origin);
    }

    @Override
    public int hashCode() {
        return origin.hashCode();
    }
}
