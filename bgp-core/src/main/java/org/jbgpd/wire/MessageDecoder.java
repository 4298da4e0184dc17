package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;

/**
 * Frames and decodes BGP messages (RFC 4271 §4.1, §6.1) for one direction of one session.
 *
 * <p>One per direction of one session, used by one thread at a time: besides the negotiated {@link CodecOptions}
 * it keeps the UPDATE decoder's scratch state and the attribute sets it decoded recently (ADR 0093), which never
 * change what a message decodes to. The session makes a new decoder once the OPEN exchange is done. A Netty handler calls {@link #decode(ByteBuf)} in a loop from
 * its {@code ByteToMessageDecoder.decode} until it returns null; after a
 * {@link DecodeResult.SessionError} it sends the NOTIFICATION and closes, without reading on.
 *
 * <p>Never throws on bad input: every malformed message becomes the NOTIFICATION RFC 4271 §6 or
 * RFC 7606 prescribes (1/1 bad marker, 1/2 bad length with the length as data, 1/3 bad type with
 * the type as data, 2/x OPEN errors, 3/x UPDATE errors), or an {@link Update} that carries its
 * RFC 7606 verdict.
 */
public final class MessageDecoder {

    public static final int MARKER_LENGTH = 16;
    public static final int HEADER_LENGTH = 19;

    private final CodecOptions options;
    private final UpdateDecoder updates;
    /**
     * The message being decoded by {@link #decode}, copied out of the socket's buffer in one bulk copy (ADR 0101):
     * the decoders then read a heap array instead of a direct buffer, where every read is a chain of calls and
     * memory-session checks under C1. Reused for every message; decoded messages never refer to it.
     */
    private byte[] frameOctets = new byte[CodecOptions.MAX_MESSAGE_LENGTH];
    private ByteBuf frame = Unpooled.wrappedBuffer(frameOctets);

    public MessageDecoder(CodecOptions options) {
        this.options = options;
        this.updates = new UpdateDecoder(options);
    }

    public CodecOptions options() { return options; }

    /**
     * Decodes the next message from {@code in}, or returns null when fewer octets than the next
     * message needs are readable (nothing is consumed then). A decoded message's octets are
     * consumed; after a header error the stream cannot be resynchronised and what is consumed no
     * longer matters.
     */
    public DecodeResult decode(ByteBuf in) {
        int readable = in.readableBytes();
        if (readable < HEADER_LENGTH) return null;
        int start = in.readerIndex();
        int length = in.getUnsignedShort(start + MARKER_LENGTH);
        if (length < HEADER_LENGTH || length > options.maxMessageLength() || readable < length) {
            // A bad length, or a message not all here yet: the header is checked where it lies, marker first (the
            // marker's error wins over the length's), and an incomplete message with a good header waits.
            return checkHeader(in, start);
        }
        // A whole message: its header is checked on the copy (ADR 0131). Every read of the socket's direct buffer is a
        // chain of calls and accessibility checks under C1, five of them per message for the header alone.
        byte[] a = copyOut(in, start, length);
        DecodeResult headerError = checkMarkerAndType(a);
        if (headerError != null) return headerError;
        in.skipBytes(length);
        if (a[18] == BgpMessage.TYPE_UPDATE && length >= 23) return updates.decode(frame, a, HEADER_LENGTH, length);
        return decodeFramed(frame, 0, length);
    }

    /** The marker and type of the message at the start of {@code a} (its length is checked): null when both are right. */
    private static DecodeResult checkMarkerAndType(byte[] a) {
        for (int i = 0; i < MARKER_LENGTH; i++) if (a[i] != -1) return markerError();
        int type = a[18] & 0xff;
        return type < BgpMessage.TYPE_OPEN || type > BgpMessage.TYPE_ROUTE_REFRESH ? typeError(type) : null;
    }

    /**
     * Decodes a buffer that holds exactly one message, header included (an MRT BGP4MP record,
     * a test vector, a fuzz input). The reader index is not moved.
     */
    public DecodeResult decodeMessage(ByteBuf message) {
        int start = message.readerIndex();
        int readable = message.readableBytes();
        if (readable < HEADER_LENGTH) {
            return new DecodeResult.SessionError(Notification.withValue(Notification.MESSAGE_HEADER_ERROR, Notification.BAD_MESSAGE_LENGTH, readable, 2),
                    "message of " + readable + " octets is shorter than its header");
        }
        DecodeResult headerError = checkHeader(message, start);
        if (headerError != null) return headerError;
        int length = message.getUnsignedShort(start + MARKER_LENGTH);
        if (length != readable) {
            return new DecodeResult.SessionError(Notification.withValue(Notification.MESSAGE_HEADER_ERROR, Notification.BAD_MESSAGE_LENGTH, length, 2),
                    "header says " + length + " octets, the message has " + readable);
        }
        return decodeFramed(message, start, length);
    }

    /** The {@code length} octets of {@code in} from {@code start}, copied to the start of {@link #frameOctets} (and so of {@link #frame}). */
    private byte[] copyOut(ByteBuf in, int start, int length) {
        if (frameOctets.length < length) {
            frameOctets = new byte[length];
            frame = Unpooled.wrappedBuffer(frameOctets);
        }
        if (in.hasArray()) {
            System.arraycopy(in.array(), in.arrayOffset() + start, frameOctets, 0, length);
        } else if (in.nioBufferCount() == 1) {
            // The buffer's own reusable NIO view: getBytes into an array would allocate a duplicate per call.
            ByteBuffer view = in.internalNioBuffer(start, length);
            view.get(frameOctets, 0, length);
        } else {
            in.getBytes(start, frameOctets, 0, length);
        }
        return frameOctets;
    }

    private DecodeResult checkHeader(ByteBuf in, int start) {
        // The marker is 16 octets of ones: two longs of -1.
        if (in.getLong(start) != -1L || in.getLong(start + 8) != -1L) return markerError();
        int length = in.getUnsignedShort(start + MARKER_LENGTH);
        if (length < HEADER_LENGTH || length > options.maxMessageLength()) {
            return badLength(length, "length " + length + " is outside " + HEADER_LENGTH + ".." + options.maxMessageLength());
        }
        int type = in.getUnsignedByte(start + 18);
        if (type < BgpMessage.TYPE_OPEN || type > BgpMessage.TYPE_ROUTE_REFRESH) return typeError(type);
        return null;
    }

    private static DecodeResult markerError() {
        return new DecodeResult.SessionError(Notification.of(Notification.MESSAGE_HEADER_ERROR, Notification.CONNECTION_NOT_SYNCHRONIZED),
                "marker is not all ones");
    }

    private static DecodeResult typeError(int type) {
        return new DecodeResult.SessionError(Notification.withValue(Notification.MESSAGE_HEADER_ERROR, Notification.BAD_MESSAGE_TYPE, type, 1),
                "message type " + type + " is unknown");
    }

    private DecodeResult decodeFramed(ByteBuf b, int start, int length) {
        int type = b.getUnsignedByte(start + 18);
        int body = start + HEADER_LENGTH;
        int end = start + length;
        switch (type) {
            case BgpMessage.TYPE_OPEN -> {
                if (length < 29 || length > CodecOptions.MAX_MESSAGE_LENGTH) return badLength(length, "OPEN of " + length + " octets");
                try {
                    return new DecodeResult.Ok(OpenDecoder.decode(b.slice(body, length - HEADER_LENGTH)));
                } catch (MalformedMessage e) {
                    return e.toResult();
                }
            }
            case BgpMessage.TYPE_UPDATE -> {
                if (length < 23) return badLength(length, "UPDATE of " + length + " octets");
                return updates.decode(b, body, end);
            }
            case BgpMessage.TYPE_NOTIFICATION -> {
                if (length < 21) return badLength(length, "NOTIFICATION of " + length + " octets");
                byte[] data = new byte[length - 21];
                b.getBytes(body + 2, data);
                return new DecodeResult.Ok(new Notification(b.getUnsignedByte(body), b.getUnsignedByte(body + 1), data));
            }
            case BgpMessage.TYPE_KEEPALIVE -> {
                if (length != HEADER_LENGTH) return badLength(length, "KEEPALIVE of " + length + " octets");
                return new DecodeResult.Ok(new Keepalive());
            }
            default -> {
                return decodeRouteRefresh(b, start, length);
            }
        }
    }

    private static DecodeResult decodeRouteRefresh(ByteBuf b, int start, int length) {
        if (length < 23) return badLength(length, "ROUTE-REFRESH of " + length + " octets");
        int body = start + HEADER_LENGTH;
        int afi = b.getUnsignedShort(body);
        int subtype = b.getUnsignedByte(body + 2);
        int safi = b.getUnsignedByte(body + 3);
        if (length != 23 && (subtype == RouteRefresh.SUBTYPE_BORR || subtype == RouteRefresh.SUBTYPE_EORR)) {
            // RFC 7313 §5: the data is the whole offending message.
            byte[] whole = new byte[length];
            b.getBytes(start, whole);
            return new DecodeResult.SessionError(new Notification(Notification.ROUTE_REFRESH_MESSAGE_ERROR, Notification.INVALID_ROUTE_REFRESH_LENGTH, whole),
                    "BoRR/EoRR ROUTE-REFRESH of " + length + " octets");
        }
        // A longer plain request carries ORF entries (RFC 5291), which jbgpd never negotiates: ignore them.
        return new DecodeResult.Ok(new RouteRefresh(afi, safi, subtype));
    }

    private static DecodeResult badLength(int length, String reason) {
        return new DecodeResult.SessionError(Notification.withValue(Notification.MESSAGE_HEADER_ERROR, Notification.BAD_MESSAGE_LENGTH, length, 2), reason);
    }
}
