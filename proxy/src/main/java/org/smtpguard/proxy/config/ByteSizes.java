package org.smtpguard.proxy.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts as the configuration writes them: {@code 52428800}, or with a binary suffix {@code 512K}, {@code 50M}, {@code 1G}. */
public final class ByteSizes {

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,15})([KkMmGg]?)");

    private ByteSizes() {
    }

    public static long parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: write a whole number of bytes, optionally with K, M or G, e.g. 50M");
        }
        long amount = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        if (amount > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("too large");
        }
        return amount << shift;
    }

    /** The largest binary unit that writes the count exactly. */
    static String format(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "G";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "M";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + "K";
        }
        return Long.toString(bytes);
    }
}
