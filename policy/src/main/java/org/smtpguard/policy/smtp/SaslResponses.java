package org.smtpguard.policy.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads identities out of base64 SASL responses. Decoded bytes are zeroed before returning; the
 * parts that hold a password, digest or token are never turned into a String.
 */
final class SaslResponses {

    /** What an identity-carrying response said; both parts empty when it could not be read. */
    record Identity(Optional<String> userName, Optional<String> authorizationIdentity) {
        static final Identity UNKNOWN = new Identity(Optional.empty(), Optional.empty());
    }

    /** What a LOGIN server asked for in its 334 challenge. */
    enum LoginPrompt { USER_NAME, PASSWORD, UNKNOWN }

    static final int MAX_IDENTITY = 100;

    private static final byte NUL = 0;
    private static final byte SP = ' ';
    private static final byte CTRL_A = 1;
    private static final byte[] XOAUTH2_USER = "user=".getBytes(StandardCharsets.US_ASCII);

    private SaslResponses() {
    }

    /**
     * The identity in the response of {@code mechanism} that carries it: PLAIN, LOGIN (the user-name
     * response), CRAM-MD5, XOAUTH2. {@code "="} is the empty initial response (RFC 4954 §4).
     */
    static Identity identityIn(String mechanism, String response, boolean initial) {
        byte[] bytes = initial && response.equals("=") ? new byte[0] : decode(response);
        if (bytes == null) {
            return Identity.UNKNOWN;
        }
        try {
            return switch (mechanism) {
                case "PLAIN" -> plain(bytes);
                case "LOGIN" -> new Identity(text(bytes, 0, bytes.length), Optional.empty());
                case "CRAM-MD5" -> new Identity(beforeLast(bytes, SP), Optional.empty());
                case "XOAUTH2" -> new Identity(xoauth2User(bytes), Optional.empty());
                default -> Identity.UNKNOWN;
            };
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Decodes a LOGIN challenge (not secret) to see whether it asks for the user name or the password. */
    static LoginPrompt loginPrompt(String challenge) {
        byte[] bytes = decode(challenge);
        if (bytes == null) {
            return LoginPrompt.UNKNOWN;
        }
        String prompt = new String(bytes, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (prompt.contains("pass")) {
            return LoginPrompt.PASSWORD;
        }
        return prompt.contains("user") ? LoginPrompt.USER_NAME : LoginPrompt.UNKNOWN;
    }

    /** RFC 4616: {@code [authzid] NUL authcid NUL passwd}. */
    private static Identity plain(byte[] bytes) {
        int first = indexOf(bytes, NUL, 0);
        int second = first < 0 ? -1 : indexOf(bytes, NUL, first + 1);
        if (second < 0) {
            return Identity.UNKNOWN;
        }
        return new Identity(text(bytes, first + 1, second), text(bytes, 0, first));
    }

    /** {@code user=NAME ^A auth=Bearer TOKEN ^A ^A}: NAME only. */
    private static Optional<String> xoauth2User(byte[] bytes) {
        for (int start = 0; start < bytes.length; ) {
            int end = indexOf(bytes, CTRL_A, start);
            end = end < 0 ? bytes.length : end;
            if (end - start >= XOAUTH2_USER.length
                    && Arrays.equals(bytes, start, start + XOAUTH2_USER.length, XOAUTH2_USER, 0, XOAUTH2_USER.length)) {
                return text(bytes, start + XOAUTH2_USER.length, end);
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    private static Optional<String> beforeLast(byte[] bytes, byte separator) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == separator) {
                return text(bytes, 0, i);
            }
        }
        return Optional.empty();
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** UTF-8 text of {@code bytes[from, to)}, control characters as '?', at most 100 code points. */
    private static Optional<String> text(byte[] bytes, int from, int to) {
        return sanitised(new String(bytes, from, to - from, StandardCharsets.UTF_8));
    }

    static Optional<String> sanitised(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_IDENTITY));
        text.codePoints().limit(MAX_IDENTITY).forEach(cp -> sb.appendCodePoint(isControl(cp) ? '?' : cp));
        return sb.length() == 0 ? Optional.empty() : Optional.of(sb.toString());
    }

    private static boolean isControl(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
