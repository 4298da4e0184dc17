package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * The attribute sets one session decoded recently, found again from the octets of an UPDATE's path attributes
 * without building anything (flyweight style, ADR 0093). A peer sends the same set many times: BIRD 2 sends a
 * full table of /24s spread over 125k sets as one UPDATE per prefix, so every set comes eight times, and a route
 * reflector repeats its one set for every pod block. A hit hands back the very {@link PathAttributes} object decoded
 * the first time, so the decoder allocates no attribute objects for it and the route engine's interning finds it by
 * identity instead of comparing field by field.
 *
 * <p>A slot is chosen by a hash of the octets; a candidate is only taken after its every field has been compared
 * with the octets ({@link #matches}), so a hash collision (accidental or crafted) costs a normal decode, never a
 * wrong set. Only sets whose decode was spotless are remembered (no RFC 7606 verdict or note, ORIGIN, AS_PATH and
 * NEXT_HOP present, no MP_REACH/MP_UNREACH, no uninterpreted attribute, 4-octet AS session), and the comparison
 * accepts exactly what that decode accepted, so a hit and a decode give equal results: any flag, length or value
 * the decoder would have judged differently fails the comparison and the message is decoded in full.
 *
 * <p>Two-way set-associative, grown by doubling from {@link #INITIAL_SLOTS} while it is more than half full, up to
 * {@link #MAX_SLOTS}; then new sets replace old ones. A set not found again for a while is forgotten (ADR 0103): every
 * {@link #SWEEP_EVENTS} events (an UPDATE with attributes, or one withdrawn prefix) a sweep drops the sets not used
 * since the sweep before, and shrinks the table when it is mostly empty. A set the peer repeats (a diverse full table
 * brings each set back every ~125k UPDATEs) is kept; after a peer withdrew everything on a live session, the sets
 * the engine released are gone within two sweeps, instead of staying until their slots were reused or the
 * connection closed (125k diverse sets: ~25 MiB of heap). One instance per session direction; not thread-safe.
 */
final class KnownAttributeSets {

    static final int INITIAL_SLOTS = 256;
    /** 256k slots (2 MiB of hashes and references): enough that a full table over ~125k sets hits most of the time. */
    static final int MAX_SLOTS = 1 << 18;
    /** Events (UPDATEs with attributes, withdrawn prefixes) between two sweeps: about four times the distance at which a diverse full table repeats a set. */
    static final int SWEEP_EVENTS = 2 * MAX_SLOTS;

    private int[] hashes = new int[INITIAL_SLOTS];
    private PathAttributes[] sets = new PathAttributes[INITIAL_SLOTS];
    /** A bit per slot: its set was found or remembered since the last sweep. */
    private long[] recent = new long[INITIAL_SLOTS >>> 6];
    private int used;
    private int events;

    /**
     * The octets of the attributes being looked up: copied once out of the socket's buffer, because under C1 every
     * ByteBuf read is a chain of calls and checks, while an array read is one load.
     */
    private byte[] octets = new byte[256];
    private int length;
    private int hash;

    /** Takes the attributes in {@code [from, to)} of {@code b} as the set to {@link #find} or {@link #remember}; returns their hash. */
    int load(ByteBuf b, int from, int to) {
        if (++events >= SWEEP_EVENTS) sweep();
        int n = to - from;
        if (octets.length < n) octets = new byte[Math.max(n, 2 * octets.length)];
        b.getBytes(from, octets, 0, n);
        length = n;
        long h = n;
        byte[] o = octets;
        int p = 0;
        // Unsigned: a sign-extended octet (or word) would flip all the high bits, and 100k sets differing in one AS
        // number gave 66k distinct hashes that way.
        for (; p + 4 <= n; p += 4) h = (h ^ (s32(o, p) & 0xffff_ffffL)) * 0x9E3779B97F4A7C15L; // a multiply per 4 octets, not per octet
        for (; p < n; p++) h = (h ^ (o[p] & 0xff)) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        hash = (int) (h ^ (h >>> 32));
        return hash;
    }

    /** The remembered set equal to the {@link #load loaded} attributes, or null. */
    PathAttributes find() {
        byte[] b = octets;
        int from = 0, to = length;
        int mask = sets.length - 1;
        int i = hash & mask;
        PathAttributes a = sets[i];
        if (a == null || hashes[i] != hash || !matches(b, from, to, a)) {
            i ^= 1;
            a = sets[i];
            if (a == null || hashes[i] != hash || !matches(b, from, to, a)) return null;
        }
        recent[i >>> 6] |= 1L << i;
        return a;
    }

    /** Counts withdrawn prefixes towards the next sweep: a peer withdrawing its table sends few UPDATEs with attributes. */
    void withdrawn(int prefixes) {
        events += prefixes;
        if (events >= SWEEP_EVENTS) sweep();
    }

    /** Remembers the set decoded from the {@link #load loaded} octets (the caller checked that {@link #matches} can find it). */
    void remember(PathAttributes a) {
        put(hash, a);
    }

    private void put(int hash, PathAttributes a) {
        if (used * 2 > sets.length && sets.length < MAX_SLOTS) grow();
        int i = hash & (sets.length - 1);
        if (sets[i] != null && sets[i ^ 1] == null) i ^= 1;
        if (sets[i] == null) used++;
        hashes[i] = hash;
        sets[i] = a;
        recent[i >>> 6] |= 1L << i;
    }

    int size() { return used; }

    /** Slots of the table (for tests). */
    int slots() { return sets.length; }

    private void grow() {
        resize(sets.length * 2);
    }

    private void resize(int slots) {
        int[] oldHashes = hashes;
        PathAttributes[] oldSets = sets;
        hashes = new int[slots];
        sets = new PathAttributes[slots];
        recent = new long[slots >>> 6];
        used = 0;
        for (int k = 0; k < oldSets.length; k++) if (oldSets[k] != null) put(oldHashes[k], oldSets[k]);
    }

    /** Forgets the sets not used since the last sweep; shrinks the table while it is less than an eighth full. */
    private void sweep() {
        events = 0;
        for (int k = 0; k < sets.length; k++) {
            if (sets[k] != null && (recent[k >>> 6] & 1L << k) == 0) {
                sets[k] = null;
                used--;
            }
        }
        int slots = sets.length;
        while (slots > INITIAL_SLOTS && used * 8 < slots) slots >>>= 1;
        if (slots != sets.length) resize(slots);
        Arrays.fill(recent, 0);
    }

    /** True when a set decoded by {@link #remember}'s rules is what the decoder would make of these octets. */
    static boolean cacheable(PathAttributes a) {
        return a.origin() != null && a.asPath() != null && a.nextHop() != null && a.mpNextHop() == null && a.unknown().isEmpty();
    }

    private static final int OPTIONAL = RawAttribute.OPTIONAL;
    private static final int TRANSITIVE = RawAttribute.TRANSITIVE;

    /**
     * True when the attributes in {@code [pos, end)} (a 4-octet AS session's) decode without any verdict to exactly
     * {@code a}: the same attributes, each with the flags, length and value the decoder accepts, none twice.
     */
    static boolean matches(byte[] b, int pos, int end, PathAttributes a) {
        long seen = 0;
        while (pos < end) {
            if (end - pos < 3) return false;
            int flags = u8(b, pos);
            int code = u8(b, pos + 1);
            boolean extended = (flags & RawAttribute.EXTENDED_LENGTH) != 0;
            if (extended && end - pos < 4) return false;
            int len = extended ? u16(b, pos + 2) : u8(b, pos + 2);
            int v = pos + (extended ? 4 : 3);
            if (len > end - v) return false;
            pos = v + len;
            if (code >= 64) return false;
            long bit = 1L << code;
            if ((seen & bit) != 0) return false;
            seen |= bit;
            int ot = flags & (OPTIONAL | TRANSITIVE);
            boolean same = switch (code) {
                case PathAttributes.ORIGIN -> ot == TRANSITIVE && len == 1 && u8(b, v) == a.origin().code();
                case PathAttributes.AS_PATH -> ot == TRANSITIVE && sameAsPath(b, v, len, a.asPath());
                case PathAttributes.NEXT_HOP -> ot == TRANSITIVE && len == 4 && s32(b, v) == a.nextHop().v4();
                case PathAttributes.MULTI_EXIT_DISC -> ot == OPTIONAL && len == 4 && (s32(b, v) & 0xffff_ffffL) == a.med();
                case PathAttributes.LOCAL_PREF -> ot == TRANSITIVE && len == 4 && (s32(b, v) & 0xffff_ffffL) == a.localPref();
                case PathAttributes.ATOMIC_AGGREGATE -> ot == TRANSITIVE && len == 0 && a.atomicAggregate();
                case PathAttributes.AGGREGATOR -> ot == (OPTIONAL | TRANSITIVE) && len == 8 && a.aggregator() != null
                        && (s32(b, v) & 0xffff_ffffL) == a.aggregator().asNumber() && s32(b, v + 4) == a.aggregator().address().v4();
                case PathAttributes.COMMUNITIES -> ot == (OPTIONAL | TRANSITIVE) && len == 4 * a.communityCount() && len > 0
                        && sameCommunities(b, v, a);
                case PathAttributes.ORIGINATOR_ID -> ot == OPTIONAL && len == 4 && a.originatorId() != null
                        && s32(b, v) == a.originatorId().v4();
                case PathAttributes.CLUSTER_LIST -> ot == OPTIONAL && len == 4 * a.clusterListLength() && len > 0
                        && sameClusterList(b, v, a);
                case PathAttributes.EXTENDED_COMMUNITIES -> ot == (OPTIONAL | TRANSITIVE) && len == 8 * a.extendedCommunityCount() && len > 0
                        && sameExtendedCommunities(b, v, a);
                case PathAttributes.LARGE_COMMUNITY -> ot == (OPTIONAL | TRANSITIVE) && len == 12 * a.largeCommunityCount() && len > 0
                        && sameLargeCommunities(b, v, a);
                default -> false; // MP attributes, AS4_*, anything kept raw: decode in full
            };
            if (!same) return false;
        }
        return seen == present(a);
    }

    /** The codes present in {@code a}, as bits (only those {@link #matches} knows; {@link #cacheable} excludes the rest). */
    private static long present(PathAttributes a) {
        long m = (1L << PathAttributes.ORIGIN) | (1L << PathAttributes.AS_PATH) | (1L << PathAttributes.NEXT_HOP);
        if (a.hasMed()) m |= 1L << PathAttributes.MULTI_EXIT_DISC;
        if (a.hasLocalPref()) m |= 1L << PathAttributes.LOCAL_PREF;
        if (a.atomicAggregate()) m |= 1L << PathAttributes.ATOMIC_AGGREGATE;
        if (a.aggregator() != null) m |= 1L << PathAttributes.AGGREGATOR;
        if (a.hasCommunities()) m |= 1L << PathAttributes.COMMUNITIES;
        if (a.originatorId() != null) m |= 1L << PathAttributes.ORIGINATOR_ID;
        if (a.clusterListLength() > 0) m |= 1L << PathAttributes.CLUSTER_LIST;
        if (a.hasExtendedCommunities()) m |= 1L << PathAttributes.EXTENDED_COMMUNITIES;
        if (a.hasLargeCommunities()) m |= 1L << PathAttributes.LARGE_COMMUNITY;
        return m;
    }

    /** 4-octet AS numbers, segment by segment, as the decoder reads them. */
    private static boolean sameAsPath(byte[] b, int pos, int len, AsPath path) {
        int end = pos + len;
        var segments = path.segments();
        int k = 0;
        while (pos < end) {
            if (end - pos < 2 || k >= segments.size()) return false;
            AsPath.Segment s = segments.get(k++);
            int count = u8(b, pos + 1);
            if (u8(b, pos) != s.type() || count != s.size()) return false;
            pos += 2;
            if (4 * count > end - pos) return false;
            for (int i = 0; i < count; i++, pos += 4) if (s32(b, pos) != s.rawAsn(i)) return false;
        }
        return k == segments.size();
    }

    private static boolean sameCommunities(byte[] b, int pos, PathAttributes a) {
        for (int i = 0; i < a.communityCount(); i++) if (s32(b, pos + 4 * i) != a.community(i)) return false;
        return true;
    }

    private static boolean sameClusterList(byte[] b, int pos, PathAttributes a) {
        for (int i = 0; i < a.clusterListLength(); i++) if (s32(b, pos + 4 * i) != a.clusterId(i)) return false;
        return true;
    }

    private static boolean sameExtendedCommunities(byte[] b, int pos, PathAttributes a) {
        for (int i = 0; i < a.extendedCommunityCount(); i++) if (s64(b, pos + 8 * i) != a.extendedCommunity(i)) return false;
        return true;
    }

    private static boolean sameLargeCommunities(byte[] b, int pos, PathAttributes a) {
        for (int i = 0; i < a.largeCommunityCount(); i++) {
            for (int part = 0; part < 3; part++) if ((s32(b, pos + 12 * i + 4 * part) & 0xffff_ffffL) != a.largeCommunity(i, part)) return false;
        }
        return true;
    }

    private static int u8(byte[] b, int i) { return b[i] & 0xff; }

    private static int u16(byte[] b, int i) { return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff); }

    private static int s32(byte[] b, int i) { return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff); }

    private static long s64(byte[] b, int i) { return (long) s32(b, i) << 32 | (s32(b, i + 4) & 0xffff_ffffL); }
}
