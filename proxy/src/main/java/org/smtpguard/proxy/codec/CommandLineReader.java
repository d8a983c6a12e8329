package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;
import org.smtpguard.policy.smtp.Command;

/**
 * Frames client command lines: CRLF is the only line end, every line has a length bound. Not a
 * handler; {@link SmtpCommandDecoder} decides when to call it.
 *
 * <p>A line with a bare LF ends at that LF and is bad; a line with a bare CR or a NUL is bad up to
 * its line end. A line longer than its limit is reported once as soon as the limit is passed; the
 * rest of it, up to and including the next LF, is discarded as it arrives, never buffered.
 */
final class CommandLineReader {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final int maxCommandLine;
    private final int maxAuthLine;
    private boolean skipping;

    /**
     * @param maxCommandLine bytes in a command line without its CRLF (2048 in smtpguard)
     * @param maxAuthLine    bytes in an AUTH command or an AUTH continuation line (12288, RFC 4954 §4)
     */
    CommandLineReader(int maxCommandLine, int maxAuthLine) {
        if (maxCommandLine < 1 || maxAuthLine < maxCommandLine) {
            throw new IllegalArgumentException("need 1 <= maxCommandLine <= maxAuthLine");
        }
        this.maxCommandLine = maxCommandLine;
        this.maxAuthLine = maxAuthLine;
    }

    /**
     * Reads one line from {@code in}: a {@link Command}, a {@link CommandLineError}, or null when
     * {@code in} holds no complete line yet (it then holds only the start of a line).
     *
     * @param authLine the line is an AUTH continuation (limit {@code maxAuthLine})
     */
    Object read(ByteBuf in, boolean authLine) {
        if (skipping && !skipLine(in)) {
            return null;
        }
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable == 0) {
            return null;
        }
        int limit = authLine || startsWithAuth(in) ? maxAuthLine : maxCommandLine;
        int window = Math.min(readable, limit + 2);
        int lf = in.indexOf(start, start + window, LF);
        if (lf < 0) {
            boolean crLast = in.getByte(start + window - 1) == CR;
            if (window - (crLast ? 1 : 0) <= limit) {
                return null;
            }
            skipping = true;
            skipLine(in);
            return CommandLineError.LINE_TOO_LONG;
        }
        in.readerIndex(lf + 1);
        int length = lf - start - 1;
        if (length < 0 || in.getByte(lf - 1) != CR
                || in.forEachByte(start, length, b -> b != CR && b != 0) >= 0) {
            return CommandLineError.BAD_LINE_ENDING;
        }
        byte[] line = new byte[length];
        in.getBytes(start, line);
        return Command.parse(line);
    }

    /** Discards input up to and including the next LF; returns whether the LF was found. */
    private boolean skipLine(ByteBuf in) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), LF);
        if (lf < 0) {
            in.skipBytes(in.readableBytes());
            return false;
        }
        in.readerIndex(lf + 1);
        skipping = false;
        return true;
    }

    /** Whether the line starts with "AUTH " in any case. */
    private static boolean startsWithAuth(ByteBuf in) {
        if (in.readableBytes() < 5) {
            return false;
        }
        int i = in.readerIndex();
        return (in.getByte(i) | 0x20) == 'a' && (in.getByte(i + 1) | 0x20) == 'u'
                && (in.getByte(i + 2) | 0x20) == 't' && (in.getByte(i + 3) | 0x20) == 'h'
                && in.getByte(i + 4) == ' ';
    }
}
