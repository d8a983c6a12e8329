package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;

/**
 * Finds the next CR or LF in message content eight bytes at a time (SWAR), so that a large message
 * costs a few operations per word instead of a callback per byte. The words are read little-endian:
 * the lowest byte flagged by the zero-byte test is always a true match (a borrow can only flag bytes
 * above a true match), and the lowest byte is the first in the buffer.
 */
final class LineEnds {

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long CRS = ONES * '\r';
    private static final long LFS = ONES * '\n';
    /** CR LF read as a little-endian short. */
    private static final short CRLF_LE = (short) ('\r' | '\n' << 8);

    private LineEnds() {
    }

    /**
     * Where a run of lines that needs no change ends, from {@code from} (mid-line) to {@code to}: the
     * index of the first CR or LF that is not part of a CRLF followed by a byte other than ".", CR and
     * LF (such a line end leaves the next line mid-line, unchanged), or {@code to}. One scan over a
     * whole buffer of clean lines, instead of a trip through the decoder's states per line.
     */
    static int endOfPlainLines(ByteBuf in, int from, int to) {
        int i = from;
        while (true) {
            int stop = indexOfCrOrLf(in, i, to);
            if (stop < 0) {
                return to;
            }
            if (stop + 2 >= to || in.getShortLE(stop) != CRLF_LE || !plainLineStart(in.getByte(stop + 2))) {
                return stop;
            }
            i = stop + 3;
        }
    }

    private static boolean plainLineStart(byte b) {
        return b != '.' && b != '\r' && b != '\n';
    }

    /** The index of the first CR or LF in {@code in} between {@code from} and {@code to} (exclusive), or -1. */
    static int indexOfCrOrLf(ByteBuf in, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = in.getLongLE(i);
            long cr = word ^ CRS;
            long lf = word ^ LFS;
            long found = ((cr - ONES) & ~cr | (lf - ONES) & ~lf) & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte b = in.getByte(i);
            if (b == '\r' || b == '\n') {
                return i;
            }
        }
        return -1;
    }
}
