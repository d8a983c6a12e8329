package org.smtpguard.proxy.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Bytes, splits, a leak-checking allocator and the strict end-of-data reference for codec tests. */
final class CodecTestSupport {

    private CodecTestSupport() {
    }

    /** One byte per char (chars above 0xFF are not allowed). */
    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code input} cut at the given ascending positions. */
    static List<byte[]> cut(byte[] input, int... at) {
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int to : at) {
            pieces.add(Arrays.copyOfRange(input, from, to));
            from = to;
        }
        pieces.add(Arrays.copyOfRange(input, from, input.length));
        return pieces;
    }

    /** Every way the tests feed an input: whole, in two at every position, and byte by byte. */
    static List<List<byte[]>> everySplit(byte[] input) {
        List<List<byte[]>> ways = new ArrayList<>();
        ways.add(List.of(input));
        for (int at = 0; at <= input.length; at++) {
            ways.add(cut(input, at));
        }
        int[] all = new int[Math.max(0, input.length - 1)];
        for (int i = 0; i < all.length; i++) {
            all[i] = i + 1;
        }
        ways.add(cut(input, all));
        return ways;
    }

    /** {@code input} cut at random positions (some pieces empty). */
    static List<byte[]> randomCut(byte[] input, Random random) {
        int cuts = random.nextInt(Math.min(input.length, 6) + 1);
        int[] at = random.ints(cuts, 0, input.length + 1).sorted().toArray();
        return cut(input, at);
    }

    /**
     * The reference: where data ends for a strict receiver that ends only on CRLF "." CRLF, the
     * start counting as after a CRLF. Returns the index just after the terminator, or -1.
     */
    static int strictEndOfData(byte[] data) {
        String s = latin1(data);
        if (s.startsWith(".\r\n")) {
            return 3;
        }
        int at = s.indexOf("\r\n.\r\n");
        return at < 0 ? -1 : at + 5;
    }

    /** Whether every CR is followed by LF and every LF preceded by CR. */
    static boolean onlyCrlfLineEndings(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            boolean crOk = data[i] != '\r' || i + 1 < data.length && data[i + 1] == '\n';
            boolean lfOk = data[i] != '\n' || i > 0 && data[i - 1] == '\r';
            if (!crOk || !lfOk) {
                return false;
            }
        }
        return true;
    }

    static byte[] readAll(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

    /** An allocator that remembers every buffer it made, to check that all were released. */
    static final class TrackingAllocator extends AbstractByteBufAllocator {

        private final List<ByteBuf> made = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        ByteBuf of(byte[] content) {
            return heapBuffer(Math.max(1, content.length)).writeBytes(content);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
        }

        @Override
        public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
            return track(super.compositeHeapBuffer(maxNumComponents));
        }

        @Override
        public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
            return track(super.compositeDirectBuffer(maxNumComponents));
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        private <T extends ByteBuf> T track(T buf) {
            made.add(buf);
            return buf;
        }

        void assertAllReleased() {
            for (ByteBuf buf : made) {
                assertThat(buf.refCnt()).as("reference count of a buffer the codec got or made").isZero();
            }
        }
    }
}
