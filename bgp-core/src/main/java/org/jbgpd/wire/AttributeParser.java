package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses one block of path attributes (RFC 4271 §4.3) with the RFC 7606 error handling of each
 * attribute, and merges AS4_PATH / AS4_AGGREGATOR on 2-octet sessions (RFC 6793 §4.2.3).
 * One block at a time ({@link #reset} starts the next); the results are read through the accessors afterwards.
 */
final class AttributeParser {

    private static final int OPTIONAL = RawAttribute.OPTIONAL;
    private static final int TRANSITIVE = RawAttribute.TRANSITIVE;
    private static final int EXTENDED_LENGTH = RawAttribute.EXTENDED_LENGTH;

    private final boolean fourOctetAs;
    private final CodecOptions options;
    /** Non-null for an MRT TABLE_DUMP_V2 block, whose MP_REACH_NLRI may carry only the next hop. */
    private final Family mrtFamily;
    private ByteBuf b;
    private ErrorCollector errors;

    private final PathAttributes.Builder builder = PathAttributes.builder();
    private final long[] seen = new long[4];
    private AsPath asPath;
    private AsPath as4Path;
    private long aggregatorAs = -1;
    private IpAddress aggregatorAddress;
    private long as4AggregatorAs = -1;
    private IpAddress as4AggregatorAddress;
    private PrefixBatch mpReach;
    private PrefixBatch mpUnreach;
    private boolean sawMpReach;
    private boolean sawMpUnreach;
    private boolean sawAttributes;
    private boolean truncated;
    private int attributeCount;
    /**
     * The NEXT_HOP decoded last, handed out again while the peer sends the same address (a peer nearly always sends
     * its own): every remembered set kept its own equal {@code IpAddress}, 125k objects in a diverse full table, each
     * one more object for every full collection to mark and for a young collection to copy (ADR 0131). An
     * {@code IpAddress} is immutable, so sharing it changes nothing a reader can see.
     */
    private IpAddress lastNextHop;
    /** The session's shared AS paths and community lists (ADR 0148), or null: every set keeps its own. */
    private SharedParts parts;

    AttributeParser(boolean fourOctetAs, CodecOptions options, Family mrtFamily) {
        this.fourOctetAs = fourOctetAs;
        this.options = options;
        this.mrtFamily = mrtFamily;
    }

    /** From now on, AS paths and community lists equal to ones this session decoded before are those very objects. */
    void share(SharedParts parts) { this.parts = parts; }

    /**
     * Starts a new block in {@code b}, forgetting everything of the previous one: a session's decoder keeps one parser
     * (and its builder) for all its UPDATEs instead of four objects per UPDATE (ADR 0093).
     */
    void reset(ByteBuf b, ErrorCollector errors) {
        this.b = b;
        this.errors = errors;
        builder.clear();
        java.util.Arrays.fill(seen, 0);
        asPath = null;
        as4Path = null;
        aggregatorAs = -1;
        aggregatorAddress = null;
        as4AggregatorAs = -1;
        as4AggregatorAddress = null;
        mpReach = null;
        mpUnreach = null;
        sawMpReach = false;
        sawMpUnreach = false;
        sawAttributes = false;
        truncated = false;
        attributeCount = 0;
    }

    /** Parses the attributes in {@code [pos, end)}. Problems go to the {@link ErrorCollector}. */
    void parse(int pos, int end) {
        while (pos < end && !errors.isFatal()) {
            sawAttributes = true;
            if (end - pos < 3) {
                truncated("fewer than 3 octets left for a path attribute (RFC 7606 §4)");
                return;
            }
            int flags = b.getUnsignedByte(pos);
            int code = b.getUnsignedByte(pos + 1);
            boolean extended = (flags & EXTENDED_LENGTH) != 0;
            int headerLen = extended ? 4 : 3;
            if (end - pos < headerLen) {
                truncated("attribute " + code + " header overruns the attributes (RFC 7606 §4)");
                return;
            }
            int len = extended ? b.getUnsignedShort(pos + 2) : b.getUnsignedByte(pos + 2);
            int vpos = pos + headerLen;
            if (len > end - vpos) {
                truncated("attribute " + code + " of length " + len + " overruns the attributes (RFC 7606 §4)");
                return;
            }
            pos = vpos + len;
            attributeCount++;
            if (markSeen(code)) {
                if (code == PathAttributes.MP_REACH_NLRI || code == PathAttributes.MP_UNREACH_NLRI) {
                    errors.sessionReset(Notification.of(Notification.UPDATE_MESSAGE_ERROR, Notification.MALFORMED_ATTRIBUTE_LIST),
                            "attribute " + code + " appears twice (RFC 7606 §3 g)");
                    return;
                }
                errors.attributeDiscard("attribute " + code + " appears again: only the first is kept (RFC 7606 §3 g)");
                continue;
            }
            attribute(flags, code, vpos, len);
        }
    }

    private IpAddress nextHopV4(int address) {
        IpAddress last = lastNextHop;
        if (last != null && last.hi() == (address & 0xffff_ffffL)) return last;
        return lastNextHop = IpAddress.ofV4(address);
    }

    private void truncated(String problem) {
        truncated = true;
        errors.treatAsWithdraw(problem);
    }

    /** True when the attribute list was cut short (an attribute overran the Total Path Attribute Length). */
    boolean truncated() { return truncated; }

    boolean sawAttributes() { return sawAttributes; }

    /** Number of attributes whose header and length could be read (duplicates included). */
    int attributeCount() { return attributeCount; }

    boolean sawMpReach() { return sawMpReach; }

    boolean sawMpUnreach() { return sawMpUnreach; }

    PrefixBatch mpReach() { return mpReach; }

    PrefixBatch mpUnreach() { return mpUnreach; }

    boolean has(int code) { return (seen[code >>> 6] & (1L << (code & 63))) != 0; }

    /** Merges the RFC 6793 attributes and builds the result. Call once, after {@link #parse}. */
    PathAttributes finish() {
        if (!fourOctetAs) mergeAs4();
        if (asPath != null) builder.asPath(parts != null && !asPath.isEmpty() ? parts.asPath(asPath) : asPath);
        if (aggregatorAs >= 0) builder.aggregator(new Aggregator(aggregatorAs, aggregatorAddress));
        return builder.build();
    }

    private boolean markSeen(int code) {
        long bit = 1L << (code & 63);
        boolean was = (seen[code >>> 6] & bit) != 0;
        seen[code >>> 6] |= bit;
        return was;
    }

    private void attribute(int flags, int code, int pos, int len) {
        switch (code) {
            case PathAttributes.ORIGIN -> {
                if (!flagsOk(flags, code, false, true)) return;
                int v = len == 1 ? b.getUnsignedByte(pos) : -1;
                Origin o = Origin.of(v);
                if (o == null) errors.treatAsWithdraw(len != 1 ? "ORIGIN length " + len + " is not 1" : "ORIGIN value " + v + " is undefined");
                else builder.origin(o);
            }
            case PathAttributes.AS_PATH -> {
                if (!flagsOk(flags, code, false, true)) return;
                AsPath p = parseAsPath(pos, len, fourOctetAs ? 4 : 2, "AS_PATH");
                if (p == null) return; // problem already noted
                asPath = p;
            }
            case PathAttributes.NEXT_HOP -> {
                if (!flagsOk(flags, code, false, true)) return;
                if (len != 4) errors.treatAsWithdraw("NEXT_HOP length " + len + " is not 4");
                else builder.nextHop(nextHopV4(b.getInt(pos)));
            }
            case PathAttributes.MULTI_EXIT_DISC -> {
                if (!flagsOk(flags, code, true, false)) return;
                if (len != 4) errors.treatAsWithdraw("MULTI_EXIT_DISC length " + len + " is not 4");
                else builder.med(b.getUnsignedInt(pos));
            }
            case PathAttributes.LOCAL_PREF -> {
                if (!flagsOk(flags, code, false, true)) return;
                if (len != 4) errors.treatAsWithdraw("LOCAL_PREF length " + len + " is not 4");
                else builder.localPref(b.getUnsignedInt(pos));
            }
            case PathAttributes.ATOMIC_AGGREGATE -> {
                if (!flagsOk(flags, code, false, true)) return;
                if (len != 0) errors.attributeDiscard("ATOMIC_AGGREGATE length " + len + " is not 0");
                else builder.atomicAggregate(true);
            }
            case PathAttributes.AGGREGATOR -> {
                if (!flagsOk(flags, code, true, true)) return;
                int asLen = fourOctetAs ? 4 : 2;
                if (len != asLen + 4) {
                    errors.attributeDiscard("AGGREGATOR length " + len + " is not " + (asLen + 4));
                    return;
                }
                long as = asLen == 4 ? b.getUnsignedInt(pos) : b.getUnsignedShort(pos);
                if (as == 0) {
                    errors.attributeDiscard("AGGREGATOR carries AS 0 (RFC 7607)");
                    return;
                }
                aggregatorAs = as;
                aggregatorAddress = IpAddress.ofV4(b.getInt(pos + asLen));
            }
            case PathAttributes.COMMUNITIES -> {
                if (!flagsOk(flags, code, true, true)) return;
                if (len == 0 || len % 4 != 0) {
                    errors.treatAsWithdraw("COMMUNITIES length " + len + " is not a non-zero multiple of 4");
                    return;
                }
                int[] communities = readInts(pos, len / 4);
                builder.communitiesOwned(parts != null ? parts.communities(communities) : communities);
            }
            case PathAttributes.ORIGINATOR_ID -> {
                if (!flagsOk(flags, code, true, false)) return;
                if (len != 4) errors.treatAsWithdraw("ORIGINATOR_ID length " + len + " is not 4");
                else builder.originatorId(IpAddress.ofV4(b.getInt(pos)));
            }
            case PathAttributes.CLUSTER_LIST -> {
                if (!flagsOk(flags, code, true, false)) return;
                if (len == 0 || len % 4 != 0) {
                    errors.treatAsWithdraw("CLUSTER_LIST length " + len + " is not a non-zero multiple of 4");
                    return;
                }
                builder.clusterListOwned(readInts(pos, len / 4));
            }
            case PathAttributes.MP_REACH_NLRI -> {
                sawMpReach = true;
                if (!mpFlagsOk(flags, code)) return;
                mpReach(pos, len);
            }
            case PathAttributes.MP_UNREACH_NLRI -> {
                sawMpUnreach = true;
                if (!mpFlagsOk(flags, code)) return;
                mpUnreach(pos, len);
            }
            case PathAttributes.EXTENDED_COMMUNITIES -> {
                if (!flagsOk(flags, code, true, true)) return;
                if (len == 0 || len % 8 != 0) {
                    errors.treatAsWithdraw("EXTENDED_COMMUNITIES length " + len + " is not a non-zero multiple of 8");
                    return;
                }
                long[] v = new long[len / 8];
                for (int i = 0; i < v.length; i++) v[i] = b.getLong(pos + 8 * i);
                builder.extendedCommunitiesOwned(v);
            }
            case PathAttributes.AS4_PATH -> {
                if (fourOctetAs) {
                    errors.attributeDiscard("AS4_PATH on a 4-octet AS session is ignored (RFC 6793 §4.1)");
                    return;
                }
                if ((flags & (OPTIONAL | TRANSITIVE)) != (OPTIONAL | TRANSITIVE)) {
                    errors.attributeDiscard("AS4_PATH flags 0x" + Integer.toHexString(flags) + " are wrong");
                    return;
                }
                as4Path = parseAsPath(pos, len, 4, "AS4_PATH");
            }
            case PathAttributes.AS4_AGGREGATOR -> {
                if (fourOctetAs) {
                    errors.attributeDiscard("AS4_AGGREGATOR on a 4-octet AS session is ignored (RFC 6793 §4.1)");
                    return;
                }
                if ((flags & (OPTIONAL | TRANSITIVE)) != (OPTIONAL | TRANSITIVE) || len != 8) {
                    errors.attributeDiscard("AS4_AGGREGATOR with flags 0x" + Integer.toHexString(flags) + " and length " + len + " is malformed");
                    return;
                }
                long as = b.getUnsignedInt(pos);
                if (as == 0) {
                    errors.attributeDiscard("AS4_AGGREGATOR carries AS 0 (RFC 7607)");
                    return;
                }
                as4AggregatorAs = as;
                as4AggregatorAddress = IpAddress.ofV4(b.getInt(pos + 4));
            }
            case PathAttributes.LARGE_COMMUNITY -> {
                if (!flagsOk(flags, code, true, true)) return;
                if (len == 0 || len % 12 != 0) {
                    errors.treatAsWithdraw("LARGE_COMMUNITY length " + len + " is not a non-zero multiple of 12");
                    return;
                }
                builder.largeCommunitiesOwned(readInts(pos, len / 4));
            }
            default -> {
                if ((flags & OPTIONAL) == 0) {
                    errors.treatAsWithdraw("unrecognised well-known attribute " + code);
                    return;
                }
                byte[] v = new byte[len];
                b.getBytes(pos, v);
                builder.addUnknown(RawAttribute.owning(flags & 0xe0, code, v));
            }
        }
    }

    /** RFC 7606 §3 c: Optional/Transitive bits in conflict make the attribute malformed: treat-as-withdraw. */
    private boolean flagsOk(int flags, int code, boolean optional, boolean transitive) {
        int want = (optional ? OPTIONAL : 0) | (transitive ? TRANSITIVE : 0);
        if ((flags & (OPTIONAL | TRANSITIVE)) == want) return true;
        errors.treatAsWithdraw("attribute " + code + " flags 0x" + Integer.toHexString(flags) + " conflict with its definition");
        return false;
    }

    /** MP attributes must be parsed for any softer verdict to mean something: a flags error resets. */
    private boolean mpFlagsOk(int flags, int code) {
        if ((flags & (OPTIONAL | TRANSITIVE)) == OPTIONAL) return true;
        errors.sessionReset(Notification.of(Notification.UPDATE_MESSAGE_ERROR, Notification.ATTRIBUTE_FLAGS_ERROR),
                "attribute " + code + " flags 0x" + Integer.toHexString(flags) + " conflict with its definition");
        return false;
    }

    private int[] readInts(int pos, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = b.getInt(pos + 4 * i);
        return v;
    }

    /** Parses AS_PATH or AS4_PATH; returns null (and notes the verdict) when malformed. */
    private AsPath parseAsPath(int pos, int len, int asLen, String name) {
        if (len == 0) return AsPath.EMPTY; // iBGP, locally originated: the common case with Calico
        boolean as4 = name.equals("AS4_PATH");
        int end = pos + len;
        List<AsPath.Segment> segs = new ArrayList<>(2);
        String problem = null;
        while (pos < end) {
            if (end - pos < 2) { problem = "segment header truncated"; break; }
            int type = b.getUnsignedByte(pos);
            int count = b.getUnsignedByte(pos + 1);
            pos += 2;
            if (type < AsPath.AS_SET || type > AsPath.AS_CONFED_SET) { problem = "segment type " + type + " is undefined"; break; }
            if (count == 0) { problem = "empty segment"; break; }
            if (as4 && type >= AsPath.AS_CONFED_SEQUENCE) { problem = "confederation segment (RFC 6793 §3)"; break; }
            if (count * asLen > end - pos) { problem = "segment of " + count + " AS numbers overruns the attribute"; break; }
            int[] asns = new int[count];
            for (int i = 0; i < count; i++) {
                asns[i] = asLen == 4 ? b.getInt(pos) : b.getUnsignedShort(pos);
                if (asns[i] == 0) problem = "AS 0 in the path (RFC 7607)";
                pos += asLen;
            }
            if (problem != null) break;
            segs.add(AsPath.Segment.owning(type, asns));
        }
        if (problem != null) {
            if (as4) errors.attributeDiscard(name + " is malformed: " + problem + " (RFC 6793 §6)");
            else errors.treatAsWithdraw(name + " is malformed: " + problem);
            return null;
        }
        return segs.isEmpty() ? AsPath.EMPTY : new AsPath(segs);
    }

    private void mpReach(int pos, int len) {
        int end = pos + len;
        if (mrtFamily != null && len >= 1 && b.getUnsignedByte(pos) == len - 1) {
            // RFC 6396 §4.3.4: TABLE_DUMP_V2 keeps only the next hop length and next hop.
            MpNextHop nh = nextHop(mrtFamily, pos + 1, len - 1);
            if (nh != null) builder.mpNextHop(nh);
            return;
        }
        if (len < 5) {
            errors.sessionReset(Notification.of(Notification.UPDATE_MESSAGE_ERROR, Notification.OPTIONAL_ATTRIBUTE_ERROR),
                    "MP_REACH_NLRI of length " + len + " is too short to name its family");
            return;
        }
        int afi = b.getUnsignedShort(pos);
        int safi = b.getUnsignedByte(pos + 2);
        int nhLen = b.getUnsignedByte(pos + 3);
        Family family = Family.of(afi, safi);
        if (family == null) {
            keepRaw(PathAttributes.MP_REACH_NLRI, pos, len);
            return;
        }
        if (4 + nhLen + 1 > len) {
            errors.disable(family, "MP_REACH_NLRI next hop length " + nhLen + " overruns the attribute");
            return;
        }
        MpNextHop nh = nextHop(family, pos + 4, nhLen);
        if (nh == null) return;
        // One reserved octet (the old SNPA count) follows the next hop: ignored on receipt (RFC 4760 §3).
        try {
            mpReach = NlriParser.parse(b, pos + 4 + nhLen + 1, end, family, options.addPath(family));
            builder.mpNextHop(nh);
        } catch (MalformedMessage e) {
            errors.disable(family, "MP_REACH_NLRI " + e.getMessage());
        }
    }

    /** Reads an MP next hop of {@code nhLen} octets for {@code family}; null (and a verdict) when the length does not fit. */
    private MpNextHop nextHop(Family family, int pos, int nhLen) {
        switch (nhLen) {
            case 4 -> {
                if (family == Family.IPV4_UNICAST) return MpNextHop.of(IpAddress.ofV4(b.getInt(pos)));
            }
            case 16 -> {
                return MpNextHop.of(IpAddress.ofV6(b.getLong(pos), b.getLong(pos + 8)));
            }
            case 32 -> {
                return new MpNextHop(IpAddress.ofV6(b.getLong(pos), b.getLong(pos + 8)), IpAddress.ofV6(b.getLong(pos + 16), b.getLong(pos + 24)));
            }
            default -> { }
        }
        errors.disable(family, "MP_REACH_NLRI next hop length " + nhLen + " does not fit " + family.configName());
        return null;
    }

    private void mpUnreach(int pos, int len) {
        if (len < 3) {
            errors.sessionReset(Notification.of(Notification.UPDATE_MESSAGE_ERROR, Notification.OPTIONAL_ATTRIBUTE_ERROR),
                    "MP_UNREACH_NLRI of length " + len + " is too short to name its family");
            return;
        }
        int afi = b.getUnsignedShort(pos);
        int safi = b.getUnsignedByte(pos + 2);
        Family family = Family.of(afi, safi);
        if (family == null) {
            keepRaw(PathAttributes.MP_UNREACH_NLRI, pos, len);
            return;
        }
        try {
            mpUnreach = NlriParser.parse(b, pos + 3, pos + len, family, options.addPath(family));
        } catch (MalformedMessage e) {
            errors.disable(family, "MP_UNREACH_NLRI " + e.getMessage());
        }
    }

    /** An MP attribute of a family jbgpd does not route: kept as octets, never an error. */
    private void keepRaw(int code, int pos, int len) {
        byte[] v = new byte[len];
        b.getBytes(pos, v);
        builder.addUnknown(RawAttribute.owning(OPTIONAL, code, v));
    }

    /** RFC 6793 §4.2.3: combine AS_PATH and AS4_PATH (and the aggregators) from a 2-octet speaker. */
    private void mergeAs4() {
        if (as4AggregatorAs >= 0) {
            if (aggregatorAs >= 0 && aggregatorAs != Open.AS_TRANS) {
                // The aggregation happened at a 2-octet speaker after the AS4 attributes were made: both are stale.
                errors.note("AS4_AGGREGATOR and AS4_PATH ignored: AGGREGATOR is not AS_TRANS (RFC 6793 §4.2.3)");
                as4Path = null;
            } else if (aggregatorAs >= 0) {
                aggregatorAs = as4AggregatorAs;
                aggregatorAddress = as4AggregatorAddress;
            }
        }
        if (as4Path == null || asPath == null) return;
        int n2 = countForMerge(asPath);
        int n4 = countForMerge(as4Path);
        if (n2 < n4) {
            errors.note("AS4_PATH longer than AS_PATH ignored (RFC 6793 §4.2.3)");
            return;
        }
        int keep = n2 - n4;
        List<AsPath.Segment> out = new ArrayList<>(asPath.segments().size() + as4Path.segments().size());
        for (AsPath.Segment s : asPath.segments()) {
            if (s.isConfederation()) {
                out.add(s); // counts zero and is never in AS4_PATH: keep it
                continue;
            }
            if (keep == 0) break;
            if (s.type() == AsPath.AS_SET) {
                out.add(s);
                keep--;
            } else {
                int take = Math.min(keep, s.size());
                if (take == s.size()) out.add(s);
                else {
                    int[] a = new int[take];
                    for (int i = 0; i < take; i++) a[i] = s.rawAsn(i);
                    out.add(AsPath.Segment.owning(AsPath.AS_SEQUENCE, a));
                }
                keep -= take;
            }
        }
        for (AsPath.Segment s : as4Path.segments()) {
            AsPath.Segment last = out.isEmpty() ? null : out.getLast();
            if (last != null && last.type() == AsPath.AS_SEQUENCE && s.type() == AsPath.AS_SEQUENCE && last.size() + s.size() <= 255) {
                int[] a = new int[last.size() + s.size()];
                for (int i = 0; i < last.size(); i++) a[i] = last.rawAsn(i);
                for (int i = 0; i < s.size(); i++) a[last.size() + i] = s.rawAsn(i);
                out.set(out.size() - 1, AsPath.Segment.owning(AsPath.AS_SEQUENCE, a));
            } else {
                out.add(s);
            }
        }
        asPath = new AsPath(out);
    }

    /** RFC 6793 counting: each AS of a sequence is one, a set is one, confederation segments are zero. */
    private static int countForMerge(AsPath p) {
        return p.pathLength();
    }
}
