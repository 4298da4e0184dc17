package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

/**
 * Decodes a bare block of path attributes, outside an UPDATE: for the MRT reader (RFC 6396
 * TABLE_DUMP / TABLE_DUMP_V2 RIB entries) and anyone else who holds attributes without the
 * message around them. The {@link MessageDecoder} uses the same parser for UPDATEs.
 *
 * <p>Never throws on bad input: problems come back as RFC 7606 verdicts in {@link Result#errors()}
 * or, when the block is beyond repair, as {@link Result#sessionError()}; {@link Result#attributes()}
 * always holds whatever could be decoded.
 */
public final class PathAttributeDecoder {

    private PathAttributeDecoder() {}

    /**
     * What one attribute block held.
     *
     * @param attributes   the decoded attributes (never null; possibly empty)
     * @param mpReach      prefixes of a full MP_REACH_NLRI, or null
     * @param mpUnreach    prefixes of MP_UNREACH_NLRI, or null
     * @param errors       RFC 7606 verdict and problems
     * @param sessionError non-null when the block would have reset a BGP session
     */
    public record Result(PathAttributes attributes, PrefixBatch mpReach, PrefixBatch mpUnreach, UpdateErrors errors,
                         DecodeResult.SessionError sessionError) {}

    /**
     * Decodes the readable bytes of {@code attributes} (the reader index is not moved).
     *
     * @param fourOctetAs true when AS numbers in AS_PATH and AGGREGATOR are 4 octets (always so in
     *                    TABLE_DUMP_V2; in TABLE_DUMP and BGP4MP it depends on the subtype)
     * @param mrtFamily   for TABLE_DUMP_V2 RIB entries: the entry's family, which allows the
     *                    abbreviated MP_REACH_NLRI that holds only the next hop (RFC 6396 §4.3.4;
     *                    a full MP_REACH_NLRI is still accepted); null for the full form only
     */
    public static Result decode(ByteBuf attributes, boolean fourOctetAs, Family mrtFamily) {
        return decode(attributes, new CodecOptions(fourOctetAs, true, java.util.Set.of()), mrtFamily);
    }

    /** As {@link #decode(ByteBuf, boolean, Family)}, with path identifiers in MP NLRI per {@code options}. */
    public static Result decode(ByteBuf attributes, CodecOptions options, Family mrtFamily) {
        ErrorCollector errors = new ErrorCollector();
        AttributeParser parser = new AttributeParser(options.fourOctetAs(), options, mrtFamily);
        parser.reset(attributes, errors);
        int start = attributes.readerIndex();
        parser.parse(start, start + attributes.readableBytes());
        PathAttributes attrs = parser.finish();
        return new Result(attrs, parser.mpReach(), parser.mpUnreach(), errors.result(), errors.fatal());
    }
}
