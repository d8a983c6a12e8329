package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A piece of message content to forward to the upstream as is (still dot-stuffed, bare line
 * endings already made CRLF). The receiver owns it and must release it.
 */
public final class DataChunk extends DefaultByteBufHolder {

    public DataChunk(ByteBuf content) {
        super(content);
    }

    @Override
    public DataChunk copy() {
        return replace(content().copy());
    }

    @Override
    public DataChunk duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public DataChunk retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public DataChunk replace(ByteBuf content) {
        return new DataChunk(content);
    }

    @Override
    public DataChunk retain() {
        super.retain();
        return this;
    }

    @Override
    public DataChunk retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public DataChunk touch() {
        super.touch();
        return this;
    }

    @Override
    public DataChunk touch(Object hint) {
        super.touch(hint);
        return this;
    }
}
