package org.smtpguard.policy.net;

/**
 * Strict IP address literals, read and written without any name lookup: IPv4 as four decimal octets
 * (no leading zeros, which some parsers read as octal), IPv6 as RFC 4291 §2.2 text without zone or
 * brackets, written back as RFC 5952 text.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** The 4 or 16 address bytes of {@code text}, or null when it is not an address literal. */
    static byte[] parse(String text) {
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = decimal(parts[i], 255);
            if (value < 0) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** A decimal number 0..max without sign or leading zeros, or -1. */
    static int decimal(String text, int max) {
        if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = words(gap < 0 ? text : text.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : words(text.substring(gap + 2), true);
        if (head == null || tail == null || (gap < 0 ? head.length != 8 : head.length + tail.length > 7)) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            put(bytes, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            put(bytes, 8 - tail.length + i, tail[i]);
        }
        return bytes;
    }

    /** The 16-bit words of colon-separated groups; the last may be dotted IPv4 (two words). */
    private static int[] words(String groups, boolean mayEndWithIpv4) {
        if (groups.isEmpty()) {
            return new int[0];
        }
        String[] parts = groups.split(":", -1);
        boolean ipv4 = mayEndWithIpv4 && parts[parts.length - 1].indexOf('.') >= 0;
        int[] words = new int[parts.length + (ipv4 ? 1 : 0)];
        for (int i = 0; i < parts.length - (ipv4 ? 1 : 0); i++) {
            words[i] = hexWord(parts[i]);
            if (words[i] < 0) {
                return null;
            }
        }
        if (ipv4) {
            byte[] v4 = parseIpv4(parts[parts.length - 1]);
            if (v4 == null) {
                return null;
            }
            words[words.length - 2] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
            words[words.length - 1] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
        }
        return words;
    }

    private static int hexWord(String text) {
        if (text.isEmpty() || text.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static void put(byte[] bytes, int word, int value) {
        bytes[2 * word] = (byte) (value >> 8);
        bytes[2 * word + 1] = (byte) value;
    }

    /** RFC 5952 text of 4 or 16 address bytes. */
    static String format(byte[] bytes) {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = (bytes[2 * i] & 0xff) << 8 | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && words[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
            } else {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                    sb.append(':');
                }
                sb.append(Integer.toHexString(words[i]));
            }
        }
        return sb.toString();
    }
}
