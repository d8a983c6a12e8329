package org.smtpguard.proxy.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What the codec fuzz tests take from Jazzer: where to cut the input, then the input itself. */
final class FuzzInput {

    private FuzzInput() {
    }

    /**
     * Reads up to 5 cut positions (one byte each, as a share of the input) and then takes the rest
     * as the input, returned cut at those positions: the decoders must not care where reads end.
     */
    static List<byte[]> pieces(FuzzedDataProvider data) {
        int cuts = data.consumeInt(0, 5);
        int[] shares = new int[cuts];
        for (int i = 0; i < cuts; i++) {
            shares[i] = data.consumeInt(0, 255);
        }
        byte[] input = data.consumeRemainingAsBytes();
        int[] at = Arrays.stream(shares).map(s -> s * input.length / 255).sorted().toArray();
        List<byte[]> pieces = new ArrayList<>(CodecTestSupport.cut(input, at));
        return pieces;
    }

    static byte[] joined(List<byte[]> pieces) {
        return CodecTestSupport.concat(pieces.toArray(new byte[0][]));
    }
}
