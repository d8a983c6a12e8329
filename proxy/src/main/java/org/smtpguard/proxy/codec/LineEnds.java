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

    private LineEnds() {
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
