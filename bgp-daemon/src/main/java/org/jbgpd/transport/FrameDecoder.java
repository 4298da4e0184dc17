package org.jbgpd.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.DecodeResult;
import org.jbgpd.wire.MessageDecoder;

import java.util.List;

/**
 * Frames the byte stream into {@link DecodeResult}s with the codec, one per decode call, so the session handles each
 * message (and may switch the options after the OPEN) before the next one is decoded. After a fatal error it
 * discards the rest: the stream cannot be resynchronised and the connection is about to close. A closing connection
 * discards the same way while it is drained.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private MessageDecoder decoder = new MessageDecoder(CodecOptions.DEFAULT);
    private boolean failed;

    void options(CodecOptions options) {
        decoder = new MessageDecoder(options);
    }

    /** From now on every byte is read and dropped: the connection is closing and only drained (ADR 0105). */
    void discardFromNowOn() {
        failed = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        DecodeResult r = decoder.decode(in);
        if (r == null) return;
        if (r instanceof DecodeResult.SessionError) {
            failed = true;
            in.skipBytes(in.readableBytes());
        }
        out.add(r);
    }
}
