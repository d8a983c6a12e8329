package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.codec.SmtpCodecException.Kind;

/**
 * Decodes upstream replies strictly (RFC 5321 §4.2): every line is {@code [2-5][0-9][0-9]} then
 * {@code '-'} (more lines follow), {@code ' '} or nothing (last line), and ends in CRLF; every line of a
 * reply has the same code; lines, lines per reply and bytes per reply are bounded. Emits {@link Reply}.
 *
 * <p>On the first violation it fires one {@link SmtpCodecException} through {@code exceptionCaught}
 * and from then on discards all input without emitting anything: an upstream that breaks framing
 * is never trusted again (fail closed).
 *
 * <p>A reply is fired as soon as its last line is decoded, before the bytes after it are looked at.
 * So a handler that reacts to a reply (the STARTTLS 220) sees in {@link #bufferedBytes()} exactly
 * the bytes the upstream sent after that reply in the same read: a man in the middle injecting
 * plaintext after the 220.
 */
public final class SmtpReplyDecoder extends ByteToMessageDecoder {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final int maxLineLength;
    private final int maxLines;
    private final int maxReplyBytes;

    private final List<String> texts = new ArrayList<>();
    private int code;
    private int replyBytes;
    private boolean failed;

    /**
     * @param maxLineLength bytes in a line, not counting its CRLF (2048 in smtpguard)
     * @param maxLines      lines in one reply (100)
     * @param maxReplyBytes bytes in one reply, CRLFs included (65536)
     */
    public SmtpReplyDecoder(int maxLineLength, int maxLines, int maxReplyBytes) {
        if (maxLineLength < 3 || maxLines < 1 || maxReplyBytes < 5) {
            throw new IllegalArgumentException("limits too small to hold a reply");
        }
        this.maxLineLength = maxLineLength;
        this.maxLines = maxLines;
        this.maxReplyBytes = maxReplyBytes;
    }

    /** Bytes received and not yet decoded (0 after an error: they are discarded). */
    public int bufferedBytes() {
        return internalBuffer().readableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            // One reply per call: ByteToMessageDecoder fires it before calling again (see class doc).
            while (out.isEmpty() && decodeLine(in, out)) {
                // next line of a multi-line reply
            }
        } catch (SmtpCodecException e) {
            failed = true;
            texts.clear();
            in.skipBytes(in.readableBytes());
            ctx.fireExceptionCaught(e);
        }
    }

    /** Decodes one complete line, if there is one, and returns whether it did. */
    private boolean decodeLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int window = Math.min(in.readableBytes(), maxLineLength + 2);
        if (window == 0) {
            return false;
        }
        int lf = in.indexOf(start, start + window, LF);
        if (lf < 0) {
            boolean crLast = in.getByte(start + window - 1) == CR;
            if (window - (crLast ? 1 : 0) > maxLineLength) {
                throw error(Kind.LINE_TOO_LONG, "reply line longer than " + maxLineLength + " bytes",
                        in, start, window);
            }
            return false;
        }
        if (lf == start || in.getByte(lf - 1) != CR) {
            throw error(Kind.BAD_LINE_ENDING, "reply line ends in a bare LF", in, start, lf - start);
        }
        int length = lf - 1 - start;
        int bad = in.forEachByte(start, length, b -> b != CR && b != 0);
        if (bad >= 0) {
            String what = in.getByte(bad) == CR ? "a bare CR" : "a NUL byte";
            throw error(Kind.BAD_LINE_ENDING, "reply line contains " + what, in, start, length);
        }
        checkLine(in, start, length);
        in.readerIndex(lf + 1);
        byte[] text = new byte[Math.max(0, length - 4)];
        in.getBytes(start + 4, text, 0, text.length);
        texts.add(new String(text, StandardCharsets.UTF_8));
        if (length == 3 || in.getByte(start + 3) == ' ') {
            out.add(Reply.parse(code, texts));
            texts.clear();
            replyBytes = 0;
        }
        return true;
    }

    /** Checks the code, the separator and the reply bounds of a complete line, and counts it. */
    private void checkLine(ByteBuf in, int start, int length) {
        int lineCode = length < 3 ? -1 : codeAt(in, start);
        byte separator = length > 3 ? in.getByte(start + 3) : (byte) ' ';
        if (lineCode < 0 || separator != ' ' && separator != '-') {
            throw error(Kind.BAD_REPLY_SYNTAX, "not an SMTP reply line", in, start, length);
        }
        if (texts.isEmpty()) {
            code = lineCode;
        } else if (lineCode != code) {
            throw error(Kind.CODE_MISMATCH, "reply line with code " + lineCode + " inside a " + code
                    + " reply", in, start, length);
        }
        if (texts.size() + 1 > maxLines) {
            throw error(Kind.TOO_MANY_LINES, "reply has more than " + maxLines + " lines", in, start, length);
        }
        replyBytes += length + 2;
        if (replyBytes > maxReplyBytes) {
            throw error(Kind.REPLY_TOO_LARGE, "reply has more than " + maxReplyBytes + " bytes", in, start,
                    length);
        }
    }

    /** The code {@code [2-5][0-9][0-9]} at {@code start}, or -1. */
    private static int codeAt(ByteBuf in, int start) {
        int d0 = in.getByte(start) - '0';
        int d1 = in.getByte(start + 1) - '0';
        int d2 = in.getByte(start + 2) - '0';
        if (d0 < 2 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
            return -1;
        }
        return d0 * 100 + d1 * 10 + d2;
    }

    private static SmtpCodecException error(Kind kind, String what, ByteBuf in, int start, int length) {
        return new SmtpCodecException(kind, "upstream " + what + ": " + PeerText.of(in, start, length));
    }
}
