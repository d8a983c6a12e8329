package org.smtpguard.proxy.codec;

import org.smtpguard.proxy.log.LogText;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Peer bytes made safe for a one-line log message: cut to 100 chars, control characters escaped. */
final class PeerText {

    private PeerText() {
    }

    /** The bytes {@code [index, index + length)} of {@code buf}, decoded as UTF-8, cut and escaped. */
    static String of(ByteBuf buf, int index, int length) {
        // 4 bytes per char at most in UTF-8: never decode more than the chars we may show.
        int take = Math.min(length, 4 * (LogText.MAX + 1));
        byte[] bytes = new byte[take];
        buf.getBytes(index, bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String quoted = LogText.quoted(text);
        // Bytes beyond what was decoded are cut too, even when the decoded text is short.
        return take < length && !quoted.endsWith("…\"") ? quoted + "…" : quoted;
    }
}
