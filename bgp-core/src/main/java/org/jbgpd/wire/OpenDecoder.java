package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Decodes the body of an OPEN message (RFC 4271 §4.2, RFC 5492 capabilities, RFC 9072 extended parameters). */
final class OpenDecoder {

    private static final int PARAM_CAPABILITIES = 2;
    /** RFC 9072: a non-extended length of 255 followed by this type marks the extended form. */
    private static final int PARAM_EXTENDED_MARKER = 255;

    private OpenDecoder() {}

    /** {@code body} holds exactly the octets after the 19-octet header. */
    static Open decode(ByteBuf body) throws MalformedMessage {
        int start = body.readerIndex();
        int end = start + body.readableBytes();
        if (end - start < 10) {
            throw new MalformedMessage(Notification.withValue(Notification.MESSAGE_HEADER_ERROR, Notification.BAD_MESSAGE_LENGTH, end - start + 19, 2),
                    "OPEN of " + (end - start + 19) + " octets is shorter than 29");
        }
        int version = body.getUnsignedByte(start);
        if (version != Open.VERSION) {
            throw new MalformedMessage(Notification.withValue(Notification.OPEN_MESSAGE_ERROR, Notification.UNSUPPORTED_VERSION_NUMBER, Open.VERSION, 2),
                    "peer speaks BGP version " + version + ", not 4");
        }
        int myAs = body.getUnsignedShort(start + 1);
        int holdTime = body.getUnsignedShort(start + 3);
        int bgpId = body.getInt(start + 5);
        if (holdTime == 1 || holdTime == 2) {
            throw new MalformedMessage(Notification.OPEN_MESSAGE_ERROR, Notification.UNACCEPTABLE_HOLD_TIME,
                    "hold time " + holdTime + " s: must be 0 or at least 3 (RFC 4271 §4.2)");
        }
        if (bgpId == 0) {
            throw new MalformedMessage(Notification.OPEN_MESSAGE_ERROR, Notification.BAD_BGP_IDENTIFIER, "BGP identifier 0.0.0.0 (RFC 6286)");
        }
        int optLen = body.getUnsignedByte(start + 9);
        int pos = start + 10;
        boolean extended = false;
        if (optLen == 255 && pos < end && body.getUnsignedByte(pos) == PARAM_EXTENDED_MARKER) {
            // RFC 9072: marker type 255, then a 2-octet length, then parameters with 2-octet lengths.
            if (pos + 3 > end) throw openMalformed("extended optional parameters header truncated");
            optLen = body.getUnsignedShort(pos + 1);
            pos += 3;
            extended = true;
        }
        if (pos + optLen != end) {
            throw openMalformed("optional parameters length " + optLen + " does not match the " + (end - pos) + " octets that follow");
        }
        List<Capability> caps = new ArrayList<>();
        while (pos < end) {
            int headerLen = extended ? 3 : 2;
            if (pos + headerLen > end) throw openMalformed("optional parameter header truncated");
            int type = body.getUnsignedByte(pos);
            int len = extended ? body.getUnsignedShort(pos + 1) : body.getUnsignedByte(pos + 1);
            pos += headerLen;
            if (pos + len > end) throw openMalformed("optional parameter " + type + " of length " + len + " overruns the message");
            if (type != PARAM_CAPABILITIES) {
                throw new MalformedMessage(Notification.withValue(Notification.OPEN_MESSAGE_ERROR, Notification.UNSUPPORTED_OPTIONAL_PARAMETER, type, 1),
                        "unsupported optional parameter type " + type);
            }
            decodeCapabilities(body, pos, pos + len, caps);
            pos += len;
        }
        return new Open(version, myAs, holdTime, bgpId, caps);
    }

    private static void decodeCapabilities(ByteBuf b, int pos, int end, List<Capability> out) throws MalformedMessage {
        while (pos < end) {
            if (pos + 2 > end) throw openMalformed("capability header truncated");
            int code = b.getUnsignedByte(pos);
            int len = b.getUnsignedByte(pos + 1);
            pos += 2;
            if (pos + len > end) throw openMalformed("capability " + code + " of length " + len + " overruns its parameter");
            out.add(decodeCapability(b, code, pos, len));
            pos += len;
        }
    }

    private static Capability decodeCapability(ByteBuf b, int code, int pos, int len) throws MalformedMessage {
        switch (code) {
            case Capability.MULTIPROTOCOL -> {
                requireLength(code, len, len == 4);
                return new Capability.Multiprotocol(b.getUnsignedShort(pos), b.getUnsignedByte(pos + 3));
            }
            case Capability.ROUTE_REFRESH -> {
                requireLength(code, len, len == 0);
                return new Capability.RouteRefresh();
            }
            case Capability.ENHANCED_ROUTE_REFRESH -> {
                requireLength(code, len, len == 0);
                return new Capability.EnhancedRouteRefresh();
            }
            case Capability.EXTENDED_MESSAGE -> {
                requireLength(code, len, len == 0);
                return new Capability.ExtendedMessage();
            }
            case Capability.FOUR_OCTET_AS -> {
                requireLength(code, len, len == 4);
                return new Capability.FourOctetAs(b.getUnsignedInt(pos));
            }
            case Capability.GRACEFUL_RESTART -> {
                requireLength(code, len, len >= 2 && (len - 2) % 4 == 0);
                int head = b.getUnsignedShort(pos);
                List<Capability.GrFamily> fams = new ArrayList<>();
                for (int p = pos + 2; p < pos + len; p += 4) {
                    fams.add(new Capability.GrFamily(b.getUnsignedShort(p), b.getUnsignedByte(p + 2), b.getUnsignedByte(p + 3)));
                }
                return new Capability.GracefulRestart(head >>> 12, head & 0xfff, fams);
            }
            case Capability.LONG_LIVED_GRACEFUL_RESTART -> {
                requireLength(code, len, len % 7 == 0);
                List<Capability.LlgrFamily> fams = new ArrayList<>();
                for (int p = pos; p < pos + len; p += 7) {
                    fams.add(new Capability.LlgrFamily(b.getUnsignedShort(p), b.getUnsignedByte(p + 2), b.getUnsignedByte(p + 3), b.getUnsignedMedium(p + 4)));
                }
                return new Capability.LongLivedGracefulRestart(fams);
            }
            case Capability.ADD_PATH -> {
                requireLength(code, len, len % 4 == 0);
                List<Capability.AddPathFamily> fams = new ArrayList<>();
                for (int p = pos; p < pos + len; p += 4) {
                    fams.add(new Capability.AddPathFamily(b.getUnsignedShort(p), b.getUnsignedByte(p + 2), b.getUnsignedByte(p + 3)));
                }
                return new Capability.AddPath(fams);
            }
            case Capability.EXTENDED_NEXT_HOP -> {
                requireLength(code, len, len % 6 == 0);
                List<Capability.ExtendedNextHopEntry> entries = new ArrayList<>();
                for (int p = pos; p < pos + len; p += 6) {
                    entries.add(new Capability.ExtendedNextHopEntry(b.getUnsignedShort(p), b.getUnsignedShort(p + 2), b.getUnsignedShort(p + 4)));
                }
                return new Capability.ExtendedNextHop(entries);
            }
            case Capability.FQDN -> {
                requireLength(code, len, len >= 2);
                int hostLen = b.getUnsignedByte(pos);
                requireLength(code, len, 1 + hostLen + 1 <= len);
                int domLen = b.getUnsignedByte(pos + 1 + hostLen);
                requireLength(code, len, 2 + hostLen + domLen == len);
                String host = b.toString(pos + 1, hostLen, StandardCharsets.UTF_8);
                String domain = b.toString(pos + 2 + hostLen, domLen, StandardCharsets.UTF_8);
                Capability.Fqdn fqdn = new Capability.Fqdn(host, domain);
                if (!fqdnRoundTrips(fqdn, hostLen, domLen)) {
                    // Not valid UTF-8: keep the octets rather than a lossy string.
                    return new Capability.Unknown(code, bytes(b, pos, len));
                }
                return fqdn;
            }
            default -> {
                return new Capability.Unknown(code, bytes(b, pos, len));
            }
        }
    }

    private static boolean fqdnRoundTrips(Capability.Fqdn f, int hostLen, int domLen) {
        return f.hostname().getBytes(StandardCharsets.UTF_8).length == hostLen
                && f.domainName().getBytes(StandardCharsets.UTF_8).length == domLen
                && f.hostname().indexOf('\uFFFD') < 0 && f.domainName().indexOf('\uFFFD') < 0;
    }

    private static byte[] bytes(ByteBuf b, int pos, int len) {
        byte[] v = new byte[len];
        b.getBytes(pos, v);
        return v;
    }

    private static void requireLength(int code, int len, boolean ok) throws MalformedMessage {
        if (!ok) throw openMalformed("capability " + code + " has an invalid length " + len);
    }

    private static MalformedMessage openMalformed(String reason) {
        return new MalformedMessage(Notification.OPEN_MESSAGE_ERROR, Notification.UNSPECIFIC, reason);
    }
}
