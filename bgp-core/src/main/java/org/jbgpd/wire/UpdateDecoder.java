package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

/**
 * Decodes the body of an UPDATE message (RFC 4271 §4.3, RFC 4760, RFC 7911) with RFC 7606 error handling.
 *
 * <p>One per {@link MessageDecoder}, i.e. per session direction, and so never used by two threads: it keeps its
 * attribute parser and error collector from one UPDATE to the next, and the attribute sets it decoded recently
 * ({@link KnownAttributeSets}) so that a set seen before costs a comparison instead of a decode (ADR 0093).
 */
final class UpdateDecoder {

    private final CodecOptions options;
    private final boolean v4AddPath;
    private final ErrorCollector errors = new ErrorCollector();
    private final AttributeParser parser;
    /** Null on 2-octet AS sessions: there AS4_PATH may rewrite AS_PATH, and a set is not a function of one attribute's octets. */
    private final KnownAttributeSets known;

    UpdateDecoder(CodecOptions options) {
        this.options = options;
        this.v4AddPath = options.addPath(Family.IPV4_UNICAST);
        this.parser = new AttributeParser(options.fourOctetAs(), options, null);
        this.known = options.fourOctetAs() ? new KnownAttributeSets() : null;
        if (known != null) parser.share(known.parts());
    }

    /** {@code [pos, end)} is the body after the 19-octet header. */
    DecodeResult decode(ByteBuf b, int pos, int end) { return decode(b, null, pos, end); }

    /**
     * As {@link #decode(ByteBuf, int, int)}; {@code a}, when not null, is the array {@code b} wraps from its index 0
     * (the decoder's copy of the message): the lengths and the attribute octets are then read from it, not through
     * {@code ByteBuf} getters, which are a chain of calls and checks each under C1 (ADR 0131).
     */
    DecodeResult decode(ByteBuf b, byte[] a, int pos, int end) {
        int bodyLen = end - pos;
        int withdrawnLen = a != null ? u16(a, pos) : b.getUnsignedShort(pos);
        if (withdrawnLen > bodyLen - 4) {
            return malformedList("Withdrawn Routes Length " + withdrawnLen + " overruns the UPDATE");
        }
        int attrLenPos = pos + 2 + withdrawnLen;
        int attrLen = a != null ? u16(a, attrLenPos) : b.getUnsignedShort(attrLenPos);
        int attrStart = attrLenPos + 2;
        int attrEnd = attrStart + attrLen;
        if (attrEnd > end) {
            return malformedList("Total Path Attribute Length " + attrLen + " overruns the UPDATE");
        }
        PrefixBatch withdrawn;
        try {
            withdrawn = NlriParser.parse(b, pos + 2, attrLenPos, Family.IPV4_UNICAST, v4AddPath);
        } catch (MalformedMessage e) {
            return new DecodeResult.SessionError(e.notification(), "withdrawn routes: " + e.getMessage());
        }
        if (known != null && !withdrawn.isEmpty()) known.withdrawn(withdrawn.size());
        if (known != null && attrLen > 0) {
            if (a != null) known.load(a, attrStart, attrEnd);
            else known.load(b, attrStart, attrEnd);
            PathAttributes same = known.find();
            if (same != null) {
                // Exactly what a decode would give: these octets decode without a verdict to this set (KnownAttributeSets).
                PrefixBatch nlri;
                try {
                    nlri = NlriParser.parse(b, attrEnd, end, Family.IPV4_UNICAST, v4AddPath);
                } catch (MalformedMessage e) {
                    return new DecodeResult.SessionError(e.notification(), e.getMessage());
                }
                return new DecodeResult.Ok(new Update(withdrawn, same, nlri, null, null, UpdateErrors.NONE, null));
            }
        }
        errors.reset();
        parser.reset(b, errors);
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
        UpdateErrors verdict = errors.result();
        if (known != null && attrLen > 0 && verdict == UpdateErrors.NONE && !parser.truncated() && !parser.sawMpReach()
                && !parser.sawMpUnreach() && KnownAttributeSets.cacheable(attrs)) {
            known.remember(attrs); // the octets loaded above
        }
        return new DecodeResult.Ok(new Update(withdrawn, attrs, nlri, mpReach, parser.mpUnreach(), verdict, endOfRib));
    }

    private static int u16(byte[] a, int i) { return (a[i] & 0xff) << 8 | (a[i + 1] & 0xff); }

    private static DecodeResult malformedList(String reason) {
        return new DecodeResult.SessionError(Notification.of(Notification.UPDATE_MESSAGE_ERROR, Notification.MALFORMED_ATTRIBUTE_LIST), reason);
    }
}
