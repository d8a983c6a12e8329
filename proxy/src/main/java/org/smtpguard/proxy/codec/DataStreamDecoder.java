package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;

/**
 * Streams one message's content (after the 354) and finds its end: only CRLF "." CRLF, where the
 * start of the message counts as just after a CRLF (RFC 5321 §4.1.1.4). Not a handler: it never
 * touches a channel, it only turns input buffers into {@link DataChunk}s and one {@link DataEnd}.
 *
 * <p>The content is forwarded exactly as the client sent it (still dot-stuffed; 8-bit and NUL bytes
 * untouched) up to and including the CRLF that ends its last line; only the terminator's "." CRLF
 * is not forwarded (the receiver writes its own). So a client's bytes and the upstream's are the
 * same, also for a message that is one empty line ({@code "\r\n.\r\n"} right after the 354).
 * Bare line endings are the exception, since they must not let the upstream see an end of data
 * where smtpguard does not (SMTP smuggling):
 * <ul>
 *   <li>a bare LF, and a CR not followed by LF, become CRLF;</li>
 *   <li>a line that starts after such a fixed line end and begins with "." gets one more "."
 *       (it is dot-stuffed, so {@code "\n.\r\n"} reaches the upstream as {@code "\r\n..\r\n"});</li>
 *   <li>a line that is only "." and ends in a bare CR or LF ({@code "\r\n.\n"}, {@code "\r\n.\rX"})
 *       gets one more "." too, for the same reason.</li>
 * </ul>
 * So the forwarded bytes hold only CRLF line ends and no CRLF "." CRLF, and with "." CRLF after
 * them they end exactly where smtpguard saw the end.
 *
 * <p>State is kept across calls, so input may be split at any byte. Bytes that might belong to the
 * terminator ("." and "." CR at the start of a line) or to a line end (CR) are held back until the
 * next byte decides; everything else is forwarded as retained slices of the input.
 */
public final class DataStreamDecoder {

    /** What a call to {@link #decode} did. */
    public enum Result {
        /** All input was consumed; the message goes on. */
        NEEDS_MORE_INPUT,
        /** The terminator was consumed and {@link DataEnd} added; the bytes after it are left in the input. */
        DATA_ENDED
    }

    private enum State { LINE_START, MID_LINE, CR, DOT, DOT_CR, AFTER_FIX, ENDED }

    private static final byte[] NOTHING = {};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] DOT = {'.'};
    private static final byte[] DOT_CR = {'.', '\r'};
    private static final byte[] CR = {'\r'};

    private final ChunkBuilder chunk = new ChunkBuilder();
    private State state = State.LINE_START;
    /** Index in the current input of the first held-back byte; -1 when held since an earlier input. */
    private int heldFrom = -1;
    private int fixed;

    /**
     * Consumes as much of {@code in} as belongs to the message, adding at most one {@link DataChunk}
     * and, when the terminator is seen, one {@link DataEnd} to {@code out}.
     */
    public Result decode(ByteBuf in, List<Object> out) {
        if (state == State.ENDED) {
            return Result.DATA_ENDED;
        }
        chunk.begin(in);
        heldFrom = -1;
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end && state != State.ENDED) {
            i = step(in, i, end);
        }
        in.readerIndex(i);
        chunk.finish(out);
        if (state != State.ENDED) {
            return Result.NEEDS_MORE_INPUT;
        }
        out.add(new DataEnd(chunk.bytes(), fixed));
        return Result.DATA_ENDED;
    }

    /**
     * Looks at the byte at {@code i} (in MID_LINE: a run of bytes, over every clean line end on the
     * way); returns the next index to look at.
     */
    private int step(ByteBuf in, int i, int end) {
        if (state == State.MID_LINE) {
            int runEnd = LineEnds.endOfPlainLines(in, i, end);
            if (runEnd > i) {
                chunk.forward(i, runEnd);
                return runEnd;
            }
        }
        byte b = in.getByte(i);
        switch (state) {
            case LINE_START:
                if (b == '.') {
                    heldFrom = i;
                    state = State.DOT;
                    return i + 1;
                }
                return lineStartOrMidLine(b, i);
            case MID_LINE:
                return lineStartOrMidLine(b, i);
            case CR:
                if (b == '\n') {
                    if (heldFrom < 0) {
                        chunk.insert(CR); // the CR came in an earlier input
                        heldFrom = i;
                    }
                    chunk.forward(heldFrom, i + 1);
                    heldFrom = -1;
                    state = State.LINE_START;
                    return i + 1;
                }
                fixLineEnd();
                return i;
            case DOT:
                if (b == '\r') {
                    state = State.DOT_CR;
                    return i + 1;
                }
                releaseHeld(i, 0);
                if (b == '\n') {
                    chunk.insert(DOT);
                    fixLineEnd();
                    return i + 1;
                }
                state = State.MID_LINE;
                return i;
            case DOT_CR:
                if (b == '\n') {
                    state = State.ENDED;
                    return i + 1;
                }
                releaseHeld(i, 1);
                chunk.insert(DOT);
                fixLineEnd();
                return i;
            case AFTER_FIX:
                if (b == '.') {
                    chunk.insert(DOT);
                    state = State.MID_LINE;
                    return i;
                }
                return lineStartOrMidLine(b, i);
            default:
                throw new IllegalStateException(state.name());
        }
    }

    /** Nothing is held: a CR is held back, a bare LF is fixed, anything else starts a run. */
    private int lineStartOrMidLine(byte b, int i) {
        if (b == '\r') {
            state = State.CR;
            heldFrom = i;
        } else if (b == '\n') {
            fixLineEnd();
        } else {
            state = State.MID_LINE;
            return i;
        }
        return i + 1;
    }

    /** Writes CRLF for a bare CR or LF; the next line starts in AFTER_FIX. */
    private void fixLineEnd() {
        chunk.insert(CRLF);
        fixed++;
        state = State.AFTER_FIX;
        heldFrom = -1;
    }

    /**
     * Forwards the held-back bytes but the last {@code dropLast}, as input slices when they are all
     * in this input (they end right before {@code i}), else as constants.
     */
    private void releaseHeld(int i, int dropLast) {
        if (heldFrom >= 0) {
            chunk.forward(heldFrom, i - dropLast);
        } else {
            byte[] held = held();
            chunk.insert(dropLast == 0 ? held : Arrays.copyOf(held, held.length - dropLast));
        }
        heldFrom = -1;
    }

    private byte[] held() {
        switch (state) {
            case DOT:
                return DOT;
            case DOT_CR:
                return DOT_CR;
            case CR:
                return CR;
            default:
                return NOTHING;
        }
    }
}
