package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes BGP messages, strictly: lengths always consistent, MP attributes first, nothing the
 * peer could reject as malformed. A message that cannot be encoded within the negotiated limits
 * is a bug in the caller and throws {@link IllegalArgumentException} with nothing written.
 *
 * <p>{@code decode(encode(m)).equals(m)} holds for every message this class accepts, with the
 * same {@link CodecOptions} on both sides.
 */
public final class MessageEncoder {

    private final CodecOptions options;

    public MessageEncoder(CodecOptions options) {
        this.options = options;
    }

    public CodecOptions options() { return options; }

    /** Appends one complete message (header included) to {@code out}. */
    public void encode(BgpMessage message, ByteBuf out) {
        int start = out.writerIndex();
        try {
            switch (message) {
                case Open o -> writeOpen(o, out);
                case Update u -> UpdateEncoder.write(u, out, options);
                case Notification n -> writeNotification(n, out);
                case Keepalive k -> writeHeader(out, BgpMessage.TYPE_KEEPALIVE);
                case RouteRefresh r -> {
                    writeHeader(out, BgpMessage.TYPE_ROUTE_REFRESH);
                    out.writeShort(r.afi()).writeByte(r.subtype()).writeByte(r.safi());
                }
            }
            int length = out.writerIndex() - start;
            int max = message instanceof Open || message instanceof Keepalive ? CodecOptions.MAX_MESSAGE_LENGTH : options.maxMessageLength();
            if (length > max) throw new IllegalArgumentException(message.getClass().getSimpleName() + " of " + length + " octets exceeds " + max);
            out.setShort(start + MessageDecoder.MARKER_LENGTH, length);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /** Writes the marker, a length placeholder (fixed up by {@link #encode}) and the type. */
    static void writeHeader(ByteBuf out, int type) {
        out.writeLong(-1L).writeLong(-1L).writeShort(0).writeByte(type);
    }

    private static void writeOpen(Open o, ByteBuf out) {
        writeHeader(out, BgpMessage.TYPE_OPEN);
        out.writeByte(o.version()).writeShort(o.myAutonomousSystem()).writeShort(o.holdTime()).writeInt(o.bgpIdentifier());
        int optLenAt = out.writerIndex();
        out.writeByte(0);
        if (!o.capabilities().isEmpty()) {
            // All capabilities in one Capabilities parameter, never the RFC 9072 extended form (BIRD 1.6 rejects it).
            out.writeByte(2);
            int paramLenAt = out.writerIndex();
            out.writeByte(0);
            for (Capability c : o.capabilities()) writeCapability(c, out);
            int paramLen = out.writerIndex() - paramLenAt - 1;
            if (paramLen > 253) throw new IllegalArgumentException("capabilities take " + paramLen + " octets; an OPEN holds at most 253");
            out.setByte(paramLenAt, paramLen);
            out.setByte(optLenAt, paramLen + 2);
        }
    }

    private static void writeCapability(Capability c, ByteBuf out) {
        out.writeByte(c.code());
        int lenAt = out.writerIndex();
        out.writeByte(0);
        switch (c) {
            case Capability.Multiprotocol m -> out.writeShort(m.afi()).writeByte(0).writeByte(m.safi());
            case Capability.RouteRefresh r -> { }
            case Capability.EnhancedRouteRefresh r -> { }
            case Capability.ExtendedMessage e -> { }
            case Capability.FourOctetAs f -> out.writeInt((int) f.asNumber());
            case Capability.GracefulRestart g -> {
                out.writeShort(g.flags() << 12 | g.restartTime());
                for (Capability.GrFamily f : g.families()) out.writeShort(f.afi()).writeByte(f.safi()).writeByte(f.flags());
            }
            case Capability.LongLivedGracefulRestart l -> {
                for (Capability.LlgrFamily f : l.families()) out.writeShort(f.afi()).writeByte(f.safi()).writeByte(f.flags()).writeMedium(f.staleTime());
            }
            case Capability.AddPath a -> {
                for (Capability.AddPathFamily f : a.families()) out.writeShort(f.afi()).writeByte(f.safi()).writeByte(f.sendReceive());
            }
            case Capability.ExtendedNextHop x -> {
                for (Capability.ExtendedNextHopEntry e : x.entries()) out.writeShort(e.nlriAfi()).writeShort(e.nlriSafi()).writeShort(e.nextHopAfi());
            }
            case Capability.Fqdn f -> {
                byte[] h = f.hostname().getBytes(StandardCharsets.UTF_8);
                byte[] d = f.domainName().getBytes(StandardCharsets.UTF_8);
                out.writeByte(h.length).writeBytes(h).writeByte(d.length).writeBytes(d);
            }
            case Capability.Unknown u -> out.writeBytes(u.value());
        }
        int len = out.writerIndex() - lenAt - 1;
        if (len > 255) throw new IllegalArgumentException("capability " + c.code() + " value of " + len + " octets exceeds 255");
        out.setByte(lenAt, len);
    }

    private void writeNotification(Notification n, ByteBuf out) {
        writeHeader(out, BgpMessage.TYPE_NOTIFICATION);
        out.writeByte(n.code()).writeByte(n.subcode());
        byte[] data = n.data();
        // The data of a NOTIFICATION may quote a whole message; cut it rather than fail to say goodbye.
        int room = options.maxMessageLength() - 21;
        out.writeBytes(data, 0, Math.min(data.length, room));
    }

    /** For callers that want a list of messages in one buffer (e.g. an End-of-RIB per family). */
    public void encodeAll(List<? extends BgpMessage> messages, ByteBuf out) {
        for (BgpMessage m : messages) encode(m, out);
    }
}
