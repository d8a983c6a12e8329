package org.smtpguard.proxy.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The message every session sends: headers and 76-character lines up to the requested size, made
 * once in direct memory and written as read-only duplicates (never copied per message). Lines never
 * start with "." (no dot-stuffing needed) and the content ends with CRLF; the terminating "." CRLF is
 * separate. Each write takes a {@code retainedDuplicate()}; the run releases the buffer at its end.
 */
final class MessageContent {

    static final String FROM = "bench@client.test";
    static final String TO = "sink@example.test";

    private static final byte[] LINE = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=+abcdefghijkl"
            .substring(0, 76) + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private MessageContent() {
    }

    /** At least the headers; otherwise {@code size} bytes, not counting the final "." CRLF. */
    static ByteBuf of(int size) {
        byte[] headers = ("From: smtpguard bench <" + FROM + ">\r\n"
                + "To: <" + TO + ">\r\n"
                + "Subject: smtpguard bench message\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int total = Math.max(size, headers.length);
        ByteBuf content = Unpooled.directBuffer(total, total);
        content.writeBytes(headers);
        while (content.writableBytes() >= LINE.length) {
            content.writeBytes(LINE);
        }
        int rest = content.writableBytes();
        if (rest >= 3) {
            for (int i = 0; i < rest - 2; i++) {
                content.writeByte('x');
            }
            content.writeByte('\r').writeByte('\n');
        } else if (rest > 0) {
            // one or two bytes left: lengthen the previous line, which keeps the CRLF at the end
            content.writerIndex(content.writerIndex() - 2);
            for (int i = 0; i < rest; i++) {
                content.writeByte('y');
            }
            content.writeByte('\r').writeByte('\n');
        }
        return content.asReadOnly();
    }
}
