package org.smtpguard.proxy.config;

/**
 * Syntax checks for the names in the configuration. Pure text checks: nothing here resolves a
 * name (a DNS lookup while reading the configuration would make start-up hang on a bad resolver).
 */
final class HostNames {

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private HostNames() {
    }

    /** A DNS name, an IPv4 address or an IPv6 address without brackets: what may precede {@code :PORT}. */
    static boolean isHost(String text) {
        return isIpv4(text) || isIpv6(text) || isDnsName(text, true);
    }

    /** A name smtpguard may say in its greeting, its EHLO reply or its own EHLO: a DNS name or an address literal. */
    static boolean isSmtpName(String text) {
        if (text.startsWith("[") && text.endsWith("]")) {
            String inner = text.substring(1, text.length() - 1);
            return isIpv4(inner) || inner.startsWith("IPv6:") && isIpv6(inner.substring(5));
        }
        return !looksNumeric(text) && isDnsName(text, false);
    }

    static boolean isDnsName(String text, boolean allowUnderscore) {
        if (text.isEmpty() || text.length() > MAX_NAME || looksNumeric(text) && !isIpv4(text)) {
            return false;
        }
        for (String label : text.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL
                    || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || c == '-' || allowUnderscore && c == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IPv6 address (optionally ending in dotted IPv4), without brackets or zone. */
    static boolean isIpv6(String text) {
        if (text.length() < 2 || text.length() > 45 || text.indexOf(':') < 0) {
            return false;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = text.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty()) {
                continue;
            }
            if (i == groups.length - 1 && group.indexOf('.') >= 0) {
                if (!isIpv4(group)) {
                    return false;
                }
                count += 2;
                continue;
            }
            if (group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
            count++;
        }
        if (doubleColon < 0) {
            return count == 8 && !text.startsWith(":") && !text.endsWith(":");
        }
        boolean badStart = text.startsWith(":") && !text.startsWith("::");
        boolean badEnd = text.endsWith(":") && !text.endsWith("::");
        return count < 8 && !badStart && !badEnd;
    }

    private static boolean looksNumeric(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.');
    }
}
