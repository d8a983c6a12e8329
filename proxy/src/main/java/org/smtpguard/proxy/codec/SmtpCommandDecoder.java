package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.Verb;

/**
 * Decodes what a client sends: {@link Command}s and {@link CommandLineError}s in command mode,
 * {@link DataChunk}s and one {@link DataEnd} in data mode ({@link DataStreamDecoder}).
 *
 * <p>After a DATA, BDAT, STARTTLS, AUTH or QUIT command it pauses: it fires nothing more, and keeps
 * what arrives, until the handler after it says how the next bytes are to be read, from what the
 * upstream answered: {@link #resumeCommands()}, {@link #startAuthLine()}, {@link #startData()}, or
 * {@link #discardBuffered()} (bytes pipelined after STARTTLS are never executed). Each of these
 * first decodes what is already buffered. It never calls {@code read()}: the session drives reads.
 *
 * <p>In auth-line mode one line is read with the AUTH limit and fired as a {@code Command}, then the
 * decoder pauses again; if that line is an error instead, it is fired and the decoder is back in
 * command mode (the AUTH exchange is over, RFC 4954 §4). Errors never pause. After the end of data
 * it is back in command mode by itself. All methods must be called on the channel's event loop.
 */
public final class SmtpCommandDecoder extends ChannelInboundHandlerAdapter {

    private enum Mode { COMMAND, AUTH_LINE, PAUSED, DATA }

    private static final Set<Verb> PAUSING = EnumSet.of(Verb.DATA, Verb.BDAT, Verb.STARTTLS, Verb.AUTH, Verb.QUIT);

    private final CommandLineReader lines;
    private ChannelHandlerContext ctx;
    private ByteBuf buffer = Unpooled.EMPTY_BUFFER;
    private Mode mode = Mode.COMMAND;
    private DataStreamDecoder data;
    private boolean decoding;

    /**
     * @param maxCommandLine bytes in a command line without its CRLF (2048 in smtpguard)
     * @param maxAuthLine    bytes in an AUTH command or continuation line without CRLF (12288)
     */
    public SmtpCommandDecoder(int maxCommandLine, int maxAuthLine) {
        this.lines = new CommandLineReader(maxCommandLine, maxAuthLine);
    }

    /** Whether the decoder waits for one of the methods below before firing anything more. */
    public boolean paused() {
        return mode == Mode.PAUSED;
    }

    /** Bytes received and not yet decoded. */
    public int bufferedBytes() {
        return buffer.readableBytes();
    }

    /**
     * Stops firing commands until {@link #resumeCommands()} (an upstream is being connected, or a
     * tarpit delay runs); what arrives meanwhile is kept. True if it was reading commands; false if it
     * was paused already or is in another mode, and then nothing changes.
     */
    public boolean pause() {
        if (mode != Mode.COMMAND) {
            return false;
        }
        mode = Mode.PAUSED;
        return true;
    }

    /** Reads commands again (the command that paused was answered, or refused). */
    public void resumeCommands() {
        enter(Mode.COMMAND);
    }

    /** Reads the next line as an AUTH continuation (the upstream answered 334), then pauses again. */
    public void startAuthLine() {
        enter(Mode.AUTH_LINE);
    }

    /** Reads message content until CRLF "." CRLF (the upstream answered 354), then commands. */
    public void startData() {
        checkPaused();
        data = new DataStreamDecoder();
        enter(Mode.DATA);
    }

    /** Drops every buffered byte and stays paused; returns how many bytes were dropped. */
    public int discardBuffered() {
        checkPaused();
        int dropped = buffer.readableBytes();
        buffer.skipBytes(dropped);
        compact();
        return dropped;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBuffer();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBuffer();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        buffer = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffer, (ByteBuf) msg);
        decodeBuffered();
    }

    private void enter(Mode next) {
        checkPaused();
        mode = next;
        decodeBuffered();
    }

    private void checkPaused() {
        if (ctx == null || !ctx.executor().inEventLoop()) {
            throw new IllegalStateException("call on the channel's event loop, with the decoder in the pipeline");
        }
        if (mode != Mode.PAUSED) {
            throw new IllegalStateException("the command decoder is not paused (" + mode + ")");
        }
    }

    /** Decodes and fires what is buffered, until paused or out of input. Not reentrant. */
    private void decodeBuffered() {
        if (decoding) {
            return; // called back from a handler we fired to: the loop below carries on in the new mode
        }
        decoding = true;
        try {
            while (!ctx.isRemoved() && buffer.isReadable() && mode != Mode.PAUSED) {
                if (mode == Mode.DATA) {
                    decodeData();
                } else if (!decodeLine()) {
                    break;
                }
            }
        } finally {
            decoding = false;
            compact();
        }
    }

    private boolean decodeLine() {
        boolean authLine = mode == Mode.AUTH_LINE;
        Object line = lines.read(buffer, authLine);
        if (line == null) {
            return false;
        }
        if (line instanceof Command && (authLine || PAUSING.contains(((Command) line).verb()))) {
            mode = Mode.PAUSED; // before firing: the handler may resume us from inside channelRead
        } else if (authLine) {
            mode = Mode.COMMAND;
        }
        ctx.fireChannelRead(line);
        return true;
    }

    private void decodeData() {
        List<Object> out = new ArrayList<>(2);
        if (data.decode(buffer, out) == DataStreamDecoder.Result.DATA_ENDED) {
            mode = Mode.COMMAND;
            data = null;
        }
        for (Object msg : out) {
            if (ctx.isRemoved()) {
                ReferenceCountUtil.release(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }

    /** Frees the buffer when it is empty; data chunks may still share its memory (refCnt > 1). */
    private void compact() {
        if (decoding) {
            return;
        }
        if (!buffer.isReadable()) {
            releaseBuffer();
        } else if (buffer.refCnt() == 1) {
            buffer.discardSomeReadBytes();
        }
    }

    private void releaseBuffer() {
        ByteBuf old = buffer;
        buffer = Unpooled.EMPTY_BUFFER;
        old.release();
    }
}
