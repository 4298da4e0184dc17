package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

/** Decodes the body of an UPDATE message (RFC 4271 §4.3, RFC 4760, RFC 7911) with RFC 7606 error handling. */
final class UpdateDecoder {

    private UpdateDecoder() {}

    /** {@code [pos, end)} is the body after the 19-octet header. */
    static DecodeResult decode(ByteBuf b, int pos, int end, CodecOptions options) {
        int bodyLen = end - pos;
        int withdrawnLen = b.getUnsignedShort(pos);
        if (withdrawnLen > bodyLen - 4) {
            return malformedList("Withdrawn Routes Length " + withdrawnLen + " overruns the UPDATE");
        }
        int attrLenPos = pos + 2 + withdrawnLen;
        int attrLen = b.getUnsignedShort(attrLenPos);
        int attrStart = attrLenPos + 2;
        int attrEnd = attrStart + attrLen;
        if (attrEnd > end) {
            return malformedList("Total Path Attribute Length " + attrLen + " overruns the UPDATE");
        }
        boolean v4AddPath = options.addPath(Family.IPV4_UNICAST);
        PrefixBatch withdrawn;
        try {
            withdrawn = NlriParser.parse(b, pos + 2, attrLenPos, Family.IPV4_UNICAST, v4AddPath);
        } catch (MalformedMessage e) {
            return new DecodeResult.SessionError(e.notification(), "withdrawn routes: " + e.getMessage());
        }
        ErrorCollector errors = new ErrorCollector();
        AttributeParser parser = new AttributeParser(b, options.fourOctetAs(), options, null, errors);
        parser.parse(attrStart, attrEnd);
        if (errors.isFatal()) return errors.fatal();
        PrefixBatch nlri;
        try {
            nlri = NlriParser.parse(b, attrEnd, end, Family.IPV4_UNICAST, v4AddPath);
        } catch (MalformedMessage e) {
            return new DecodeResult.SessionError(e.notification(), e.getMessage());
        }
        PrefixBatch mpReach = parser.mpReach();
        boolean announces = !nlri.isEmpty() || (mpReach != null && !mpReach.isEmpty());
        if (parser.truncated() && !parser.sawMpReach() && !parser.sawMpUnreach() && nlri.isEmpty()) {
            // RFC 7606 §3 j: treat-as-withdraw needs the NLRI parsed; the unreadable rest may hide an MP attribute.
            return malformedList("path attributes overrun their length and no NLRI could be located");
        }
        if (announces) {
            if (!parser.has(PathAttributes.ORIGIN)) errors.treatAsWithdraw("ORIGIN is missing");
            if (!parser.has(PathAttributes.AS_PATH)) errors.treatAsWithdraw("AS_PATH is missing");
            if (!nlri.isEmpty() && !parser.has(PathAttributes.NEXT_HOP)) errors.treatAsWithdraw("NEXT_HOP is missing");
        }
        Family endOfRib = null;
        if (withdrawnLen == 0 && nlri.isEmpty()) {
            if (attrLen == 0) endOfRib = Family.IPV4_UNICAST;
            else if (parser.attributeCount() == 1 && parser.mpUnreach() != null && parser.mpUnreach().isEmpty()
                    && errors.action() == UpdateErrors.Action.NONE) {
                endOfRib = parser.mpUnreach().family();
            }
        }
        PathAttributes attrs = parser.finish();
        return new DecodeResult.Ok(new Update(withdrawn, attrs, nlri, mpReach, parser.mpUnreach(), errors.result(), endOfRib));
    }

    private static DecodeResult malformedList(String reason) {
        return new DecodeResult.SessionError(Notification.of(Notification.UPDATE_MESSAGE_ERROR, Notification.MALFORMED_ATTRIBUTE_LIST), reason);
    }
}
