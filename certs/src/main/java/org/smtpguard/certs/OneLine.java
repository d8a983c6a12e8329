package org.smtpguard.certs;

/**
 * Makes text safe to put into a one-line message: control characters (line ends included)
 * become spaces and the text is cut to a maximum length. Used for everything a peer or a file
 * supplied (subject names, SANs, parser messages).
 */
final class OneLine {

    /** How much peer-supplied text a message may carry (Postfix cuts peer text to 100 too). */
    static final int PEER_TEXT_LIMIT = 100;

    private OneLine() {
    }

    static String peerText(Object text) {
        return of(text, PEER_TEXT_LIMIT);
    }

    static String of(Object text, int limit) {
        String s = String.valueOf(text);
        StringBuilder out = new StringBuilder(Math.min(s.length(), limit + 3));
        for (int i = 0; i < s.length() && out.length() < limit; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (s.length() > limit) {
            out.append("...");
        }
        return out.toString();
    }
}
