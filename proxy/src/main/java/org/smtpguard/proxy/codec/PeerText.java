package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Peer bytes made safe for a one-line log message: cut to 100 chars, control characters escaped. */
final class PeerText {

    static final int MAX_CHARS = 100;

    private PeerText() {
    }

    /** The bytes {@code [index, index + length)} of {@code buf}, decoded as UTF-8, cut and escaped. */
    static String of(ByteBuf buf, int index, int length) {
        // 4 bytes per char at most in UTF-8: never decode more than the chars we may show.
        int take = Math.min(length, 4 * (MAX_CHARS + 1));
        byte[] bytes = new byte[take];
        buf.getBytes(index, bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean cut = take < length || text.length() > MAX_CHARS;
        StringBuilder sb = new StringBuilder(MAX_CHARS + 16).append('"');
        for (int i = 0; i < Math.min(text.length(), MAX_CHARS); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '"') {
                sb.append('\\').append(c);
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                sb.append(c <= 0xff ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(cut ? "\"…" : "\"").toString();
    }
}
