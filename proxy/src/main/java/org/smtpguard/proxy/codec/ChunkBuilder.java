package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the bytes {@link DataStreamDecoder} forwards from one input buffer into one
 * {@link DataChunk}: runs of unchanged input become retained slices (never copied), inserted bytes
 * go into a small buffer of their own, and the pieces are joined by a composite buffer.
 */
final class ChunkBuilder {

    private final List<ByteBuf> pieces = new ArrayList<>(4);
    private ByteBuf in;
    private int runStart = -1;
    private int runEnd = -1;
    private ByteBuf inserted;
    private long bytes;

    /** Starts collecting from {@code in}; the previous chunk must have been taken. */
    void begin(ByteBuf in) {
        this.in = in;
    }

    /** Forwards the input bytes {@code [from, to)} unchanged. */
    void forward(int from, int to) {
        if (from == to) {
            return;
        }
        if (runStart >= 0 && runEnd == from) {
            runEnd = to;
        } else {
            closeTail();
            runStart = from;
            runEnd = to;
        }
        bytes += to - from;
    }

    /** Forwards bytes that are not in the input (held back from an earlier buffer, or added). */
    void insert(byte[] constant) {
        if (constant.length == 0) {
            return;
        }
        if (inserted == null) {
            closeTail();
            inserted = in.alloc().buffer(16);
        }
        inserted.writeBytes(constant);
        bytes += constant.length;
    }

    /** All bytes forwarded so far, over every chunk. */
    long bytes() {
        return bytes;
    }

    /** Adds the chunk collected since {@link #begin} to {@code out}, if it is not empty. */
    void finish(List<Object> out) {
        closeTail();
        in = null;
        if (pieces.isEmpty()) {
            return;
        }
        ByteBuf content;
        if (pieces.size() == 1) {
            content = pieces.get(0);
        } else {
            CompositeByteBuf composite = pieces.get(0).alloc().compositeBuffer(pieces.size());
            content = composite.addComponents(true, pieces);
        }
        pieces.clear();
        out.add(new DataChunk(content));
    }

    private void closeTail() {
        if (runStart >= 0) {
            pieces.add(in.retainedSlice(runStart, runEnd - runStart));
            runStart = -1;
            runEnd = -1;
        } else if (inserted != null) {
            pieces.add(inserted);
            inserted = null;
        }
    }
}
