package org.jbgpd.wire;

/**
 * Writes a cacheable attribute set ({@link KnownAttributeSets#cacheable}) back into octets the way most speakers send
 * it: ascending type codes, each attribute with its standard flags, the 1-octet length form unless the attribute's
 * bit is set in {@code extended} (ADR 0147). {@link KnownAttributeSets} keeps, instead of a copy of the octets a set
 * was decoded from, only that bit mask, when writing the set with it gives those very octets back; a later UPDATE
 * finds the set when its octets equal what is written again.
 *
 * <p>The write is deterministic in the (immutable) set and the mask, so "equal to the written octets" is exactly
 * "equal to the octets the set was decoded from". Where a peer's octets differ from this form (another order, a
 * Partial bit, unused flag bits, AS4 attributes on a 4-octet session), the set is kept with its octets as before.
 */
final class AttributeOctets {

    private static final int WELL_KNOWN = RawAttribute.TRANSITIVE;
    private static final int OPTIONAL_TRANSITIVE = RawAttribute.OPTIONAL | RawAttribute.TRANSITIVE;
    private static final int OPTIONAL = RawAttribute.OPTIONAL;

    /** The bit of type {@code code} in an {@code extended} mask: type codes 1..32 (LARGE_COMMUNITY is 32) fit an int. */
    static int bit(int code) { return 1 << (code & 31); }

    /**
     * The mask of the attributes in {@code o[from, to)} that use the 2-octet length form. The octets were decoded
     * without a verdict, so their headers are well formed; anything else only makes the written octets differ.
     */
    static int extendedMask(byte[] o, int from, int to) {
        int mask = 0;
        int p = from;
        while (p + 3 <= to) {
            int flags = o[p] & 0xff;
            int code = o[p + 1] & 0xff;
            boolean extended = (flags & RawAttribute.EXTENDED_LENGTH) != 0;
            if (extended) {
                if (p + 4 > to) break;
                mask |= bit(code);
            }
            int len = extended ? (o[p + 2] & 0xff) << 8 | (o[p + 3] & 0xff) : o[p + 2] & 0xff;
            p += (extended ? 4 : 3) + len;
        }
        return mask;
    }

    private final byte[] out = new byte[4096];
    private int at;
    private int limit;
    private int extended;
    private boolean overflow;

    /** The octets the last {@link #write} made, from index 0. */
    byte[] octets() { return out; }

    /**
     * Writes {@code a} from index 0 of {@link #octets} and returns the number of octets, or -1 when they would be more
     * than {@code limit} (they cannot equal octets of that length; a limit over 4096 is taken as 4096).
     */
    int write(PathAttributes a, int extended, int limit) {
        this.at = 0;
        this.limit = Math.min(limit, out.length);
        this.extended = extended;
        this.overflow = false;
        begin(WELL_KNOWN, PathAttributes.ORIGIN, 1);
        u8(a.origin().code());
        AsPath path = a.asPath();
        int pathLength = 0;
        for (int i = 0; i < path.segmentCount(); i++) pathLength += 2 + 4 * path.segment(i).size();
        begin(WELL_KNOWN, PathAttributes.AS_PATH, pathLength);
        for (int i = 0; i < path.segmentCount(); i++) {
            AsPath.Segment s = path.segment(i);
            u8(s.type());
            u8(s.size());
            for (int k = 0; k < s.size(); k++) u32(s.rawAsn(k));
        }
        begin(WELL_KNOWN, PathAttributes.NEXT_HOP, 4);
        u32(a.nextHop().v4());
        if (a.hasMed()) {
            begin(OPTIONAL, PathAttributes.MULTI_EXIT_DISC, 4);
            u32((int) a.med());
        }
        if (a.hasLocalPref()) {
            begin(WELL_KNOWN, PathAttributes.LOCAL_PREF, 4);
            u32((int) a.localPref());
        }
        if (a.atomicAggregate()) begin(WELL_KNOWN, PathAttributes.ATOMIC_AGGREGATE, 0);
        if (a.aggregator() != null) {
            begin(OPTIONAL_TRANSITIVE, PathAttributes.AGGREGATOR, 8);
            u32((int) a.aggregator().asNumber());
            u32(a.aggregator().address().v4());
        }
        if (a.hasCommunities()) {
            begin(OPTIONAL_TRANSITIVE, PathAttributes.COMMUNITIES, 4 * a.communityCount());
            for (int i = 0; i < a.communityCount(); i++) u32(a.community(i));
        }
        if (a.originatorId() != null) {
            begin(OPTIONAL, PathAttributes.ORIGINATOR_ID, 4);
            u32(a.originatorId().v4());
        }
        if (a.clusterListLength() > 0) {
            begin(OPTIONAL, PathAttributes.CLUSTER_LIST, 4 * a.clusterListLength());
            for (int i = 0; i < a.clusterListLength(); i++) u32(a.clusterId(i));
        }
        if (a.hasExtendedCommunities()) {
            begin(OPTIONAL_TRANSITIVE, PathAttributes.EXTENDED_COMMUNITIES, 8 * a.extendedCommunityCount());
            for (int i = 0; i < a.extendedCommunityCount(); i++) {
                long c = a.extendedCommunity(i);
                u32((int) (c >>> 32));
                u32((int) c);
            }
        }
        if (a.hasLargeCommunities()) {
            begin(OPTIONAL_TRANSITIVE, PathAttributes.LARGE_COMMUNITY, 12 * a.largeCommunityCount());
            for (int i = 0; i < a.largeCommunityCount(); i++) {
                for (int part = 0; part < 3; part++) u32((int) a.largeCommunity(i, part));
            }
        }
        return overflow ? -1 : at;
    }

    private void begin(int flags, int code, int length) {
        if ((extended & bit(code)) != 0) {
            u8(flags | RawAttribute.EXTENDED_LENGTH);
            u8(code);
            u8(length >>> 8);
            u8(length);
        } else if (length > 255) {
            overflow = true; // the peer cannot have sent this value with a 1-octet length: no match
        } else {
            u8(flags);
            u8(code);
            u8(length);
        }
    }

    // Past the limit only a flag is set, checked once at the end: the octets cannot be equal any more.
    private void u8(int v) {
        if (at < limit) out[at++] = (byte) v;
        else overflow = true;
    }

    private void u32(int v) {
        if (at + 4 <= limit) {
            out[at] = (byte) (v >>> 24);
            out[at + 1] = (byte) (v >>> 16);
            out[at + 2] = (byte) (v >>> 8);
            out[at + 3] = (byte) v;
            at += 4;
        } else {
            overflow = true;
        }
    }
}
