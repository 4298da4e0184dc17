package org.jbgpd.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.jbgpd.wire.BgpMessage;
import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.MessageEncoder;

/** Encodes outgoing messages with the options negotiated for our direction. */
final class MessageWriter extends MessageToByteEncoder<BgpMessage> {

    private MessageEncoder encoder = new MessageEncoder(CodecOptions.DEFAULT);

    MessageWriter() {
        super(BgpMessage.class);
    }

    void options(CodecOptions options) {
        encoder = new MessageEncoder(options);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BgpMessage msg, ByteBuf out) {
        encoder.encode(msg, out);
    }
}
